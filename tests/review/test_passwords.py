from __future__ import annotations

import pytest

from skinclinic.review.errors import WeakPassword
from skinclinic.review.passwords import check_policy, hash_password, verify_password


def test_hash_round_trip_and_salting() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first != second  # fresh salt each time
    assert first.startswith("scrypt$16384$8$1$")
    assert verify_password("correct horse", first)
    assert verify_password("correct horse", second)
    assert not verify_password("correct hors", first)
    assert not verify_password("", first)


@pytest.mark.parametrize("bad", ["", "scrypt$1$2", "bcrypt$16384$8$1$00$00", "scrypt$x$8$1$00$00"])
def test_malformed_hash_never_matches(bad: str) -> None:
    assert not verify_password("anything at all", bad)


def test_policy() -> None:
    check_policy("ten chars!")
    for weak in ("short", "123456789", " padded password ", "          "):
        with pytest.raises(WeakPassword):
            check_policy(weak)
