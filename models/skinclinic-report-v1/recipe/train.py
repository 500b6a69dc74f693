"""Stages 1 and 2 of the recipe, PyTorch on CPU, then export for llama.cpp.

    python models/skinclinic-report-v1/recipe/train.py [--minutes1 6 --minutes2 12]

Stage 1: the image projector (embedding -> ROWS x 640) learns, with Gemma frozen, to make the
model write the analysis (differential, verdict, colours) from the image rows alone.
Stage 2: LoRA (rank RANK on every attention and MLP projection) + projector learn the report
narratives and follow-up answers of texts.py, with the findings in the prompt.
Export: work/projector.npz and work/adapter.gguf (a llama.cpp LoRA adapter GGUF written with the
`gguf` package, tensor names as llama.cpp's convert_lora_to_gguf.py writes them), then pack.py
copies them into the pack and writes the manifest hashes.

Tokens come from llama.cpp's own tokenizer (the one the app uses), not a Python re-implementation.
Needs the `train` extra: torch, transformers, accelerate, gguf, sentencepiece.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import texts  # noqa: E402

WORK = HERE.parent / "work"
BASE_DIR = WORK / "base"
BASE_FILE = "gemma3-270m-q4_k_m.gguf"
ROWS, N_EMBD, HIDDEN = 8, 640, 256
RANK, ALPHA = 8, 16.0
TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
GGUF_NAMES = {
    "self_attn.q_proj": "attn_q",
    "self_attn.k_proj": "attn_k",
    "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output",
    "mlp.gate_proj": "ffn_gate",
    "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
}
MAX_LEN = 288
ZH_SHARE = 0.4  # stage 2 examples written in Simplified Chinese
FACT_DROPOUT = 0.3  # per fact (age, sex, site): left out of a stage 2 example
SEED = 20261123


class Projector(nn.Module):
    def __init__(self, mean: np.ndarray, std: np.ndarray, init_rows: torch.Tensor) -> None:
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean))
        self.register_buffer("std", torch.tensor(std))
        self.fc1 = nn.Linear(mean.shape[0], HIDDEN)
        self.fc2 = nn.Linear(HIDDEN, ROWS * N_EMBD)
        nn.init.normal_(self.fc2.weight, std=0.02)
        with torch.no_grad():  # start inside the token-embedding cloud, not at the origin
            self.fc2.bias.copy_(init_rows.reshape(-1))

    def forward(self, e: torch.Tensor) -> torch.Tensor:
        h = nn.functional.gelu(self.fc1((e - self.mean) / self.std), approximate="tanh")
        return self.fc2(h).reshape(-1, ROWS, N_EMBD)

    def to_npz(self, path: Path) -> None:
        np.savez(
            path,
            mean=self.mean.numpy(),
            std=self.std.numpy(),
            w1=self.fc1.weight.detach().T.contiguous().numpy(),
            b1=self.fc1.bias.detach().numpy(),
            w2=self.fc2.weight.detach().T.contiguous().numpy(),
            b2=self.fc2.bias.detach().numpy(),
        )


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear) -> None:
        super().__init__()
        self.base = base
        self.lora_a = nn.Parameter(
            torch.randn(RANK, base.in_features) / math.sqrt(base.in_features)
        )
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, RANK))
        self.scale = ALPHA / RANK

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.lora_a.T @ self.lora_b.T) * self.scale


def add_lora(model: nn.Module) -> dict[str, LoRALinear]:
    added: dict[str, LoRALinear] = {}
    for name, module in list(model.named_modules()):
        for child_name, child in list(module.named_children()):
            if child_name in TARGETS and isinstance(child, nn.Linear):
                wrapped = LoRALinear(child)
                setattr(module, child_name, wrapped)
                added[f"{name}.{child_name}"] = wrapped
    return added


def load_adapter(loras: dict[str, LoRALinear], path: Path) -> None:
    """Warm start: LoRA weights from an adapter GGUF this recipe wrote earlier."""
    import gguf

    tensors = {
        t.name: np.array(t.data, dtype=np.float32) for t in gguf.GGUFReader(str(path)).tensors
    }
    with torch.no_grad():
        for name, lora in loras.items():
            layer = int(name.split(".layers.")[1].split(".")[0])
            part = ".".join(name.split(".")[-2:])
            base = f"blk.{layer}.{GGUF_NAMES[part]}.weight"
            lora.lora_a.copy_(torch.from_numpy(tensors[f"{base}.lora_a"]))
            lora.lora_b.copy_(torch.from_numpy(tensors[f"{base}.lora_b"]))


def load_projector(projector: Projector, path: Path) -> None:
    with np.load(path) as data, torch.no_grad():
        projector.fc1.weight.copy_(torch.from_numpy(data["w1"].T.copy()))
        projector.fc1.bias.copy_(torch.from_numpy(data["b1"]))
        projector.fc2.weight.copy_(torch.from_numpy(data["w2"].T.copy()))
        projector.fc2.bias.copy_(torch.from_numpy(data["b2"]))


def write_adapter(loras: dict[str, LoRALinear], path: Path) -> None:
    import gguf

    writer = gguf.GGUFWriter(str(path), "gemma3")
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, ALPHA)
    for name, lora in loras.items():
        layer = int(name.split(".layers.")[1].split(".")[0])
        part = ".".join(name.split(".")[-2:])
        base = f"blk.{layer}.{GGUF_NAMES[part]}.weight"
        writer.add_tensor(f"{base}.lora_a", lora.lora_a.detach().float().numpy())
        writer.add_tensor(f"{base}.lora_b", lora.lora_b.detach().float().numpy())
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


class Tokens:
    """llama.cpp's tokenizer for the base GGUF (vocab only, no weights loaded)."""

    def __init__(self) -> None:
        import llama_cpp

        self.llm = llama_cpp.Llama(str(BASE_DIR / BASE_FILE), vocab_only=True, verbose=False)
        self.bos, self.eos = self.llm.token_bos(), self.llm.token_eos()

    def __call__(self, text: str) -> list[int]:
        return list(self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))


def build_batch(
    model: Any, projector: Projector, tok: Tokens, examples: list[dict[str, Any]]
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    embed = model.get_input_embeddings()
    rows_all = projector(torch.stack([e["embedding"] for e in examples]))
    seqs, labels = [], []
    for i, ex in enumerate(examples):
        ids_before = [tok.bos, *tok(ex["before"])]
        ids_after = tok(ex["after"])
        target = [*tok(ex["target"]), tok.eos]
        parts = [embed(torch.tensor(ids_before))]
        lab = [-100] * len(ids_before)
        if ex["image"]:
            parts.append(rows_all[i])
            lab += [-100] * ROWS
        parts += [embed(torch.tensor(ids_after)), embed(torch.tensor(target))]
        lab += [-100] * len(ids_after) + target
        seq = torch.cat(parts)[:MAX_LEN]
        seqs.append(seq)
        labels.append(torch.tensor(lab[:MAX_LEN]))
    n = max(s.shape[0] for s in seqs)
    x = torch.zeros(len(seqs), n, N_EMBD)
    y = torch.full((len(seqs), n), -100, dtype=torch.long)
    mask = torch.zeros(len(seqs), n, dtype=torch.long)
    for i, (s, lab) in enumerate(zip(seqs, labels, strict=True)):
        x[i, : s.shape[0]], y[i, : s.shape[0]], mask[i, : s.shape[0]] = s, lab, 1
    return x, y, mask


def stage1_example(record: dict[str, Any], emb: np.ndarray) -> dict[str, Any]:
    return {
        "before": "Dermoscopy image:",
        "after": "\nFindings:\n",
        "target": texts.findings_only(record),
        "embedding": torch.tensor(emb),
        "image": True,
    }


def stage2_example(record: dict[str, Any], emb: np.ndarray, rng: random.Random) -> dict[str, Any]:
    language = "zh_CN" if rng.random() < ZH_SHARE else "en"
    # The app often knows no age, sex or site: teach the model to leave out what it is not told.
    record = {
        **record,
        **{key: None for key in ("age", "sex", "site") if rng.random() < FACT_DROPOUT},
    }
    image = rng.random() < 0.85
    if rng.random() < 0.55:
        question, target = None, texts.narrative(record, rng, language=language)
    else:
        question, target = texts.qa(record, rng, language=language)
        target = " " + target
    before, after = texts.prompt_parts(record, question, image, language=language)
    return {
        "before": before,
        "after": after,
        "target": target,
        "embedding": torch.tensor(emb),
        "image": image,
    }


def load(split: str) -> tuple[list[dict[str, Any]], np.ndarray]:
    records = [json.loads(line) for line in (WORK / f"records_{split}.jsonl").open()]
    return records, np.load(WORK / f"embeddings_{split}.npy")


def run_stage(
    name: str,
    model: Any,
    projector: Projector,
    tok: Tokens,
    params: list[dict[str, Any]],
    make: Any,
    n_records: int,
    minutes: float,
    max_steps: int,
    batch: int,
    log: dict[str, Any],
) -> None:
    opt = torch.optim.AdamW(params, weight_decay=0.0)
    rng = random.Random(f"{SEED}-{name}")
    started, losses, step = time.perf_counter(), [], 0
    base_lrs = [g["lr"] for g in opt.param_groups]
    while step < max_steps and time.perf_counter() - started < minutes * 60:
        warm = min(1.0, (step + 1) / 10)
        for g, lr in zip(opt.param_groups, base_lrs, strict=True):
            g["lr"] = lr * warm
        examples = [make(rng.randrange(n_records), rng) for _ in range(batch)]
        with torch.autocast("cpu", dtype=torch.bfloat16):
            x, y, mask = build_batch(model, projector, tok, examples)
            out = model(inputs_embeds=x, attention_mask=mask, labels=y)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_([p for g in params for p in g["params"]], 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        losses.append(float(out.loss))
        step += 1
        if step % 5 == 0:
            elapsed = time.perf_counter() - started
            print(f"{name} step {step} loss {np.mean(losses[-5:]):.3f} {elapsed:.0f}s", flush=True)
    log[name] = {
        "steps": step,
        "batch": batch,
        "minutes": round((time.perf_counter() - started) / 60, 2),
        "loss_first5": round(float(np.mean(losses[:5])), 4),
        "loss_last5": round(float(np.mean(losses[-5:])), 4),
    }


@torch.no_grad()
def val_loss(model: Any, projector: Projector, tok: Tokens, make: Any, n: int) -> float:
    rng = random.Random(SEED)
    total = []
    for start in range(0, n, 8):
        examples = [make(i, rng) for i in range(start, min(n, start + 8))]
        with torch.autocast("cpu", dtype=torch.bfloat16):
            x, y, mask = build_batch(model, projector, tok, examples)
            total.append(float(model(inputs_embeds=x, attention_mask=mask, labels=y).loss))
    return round(float(np.mean(total)), 4)


def stage1(
    model: Any,
    projector: Projector,
    tok: Tokens,
    make: Any,
    make_val: Any,
    n_train: int,
    n_val: int,
    args: argparse.Namespace,
    log: dict[str, Any],
) -> None:
    """The projector alone (Gemma frozen) learns to make the model write the analysis."""
    log["stage1_val_loss_before"] = val_loss(model, projector, tok, make_val, min(64, n_val))
    run_stage(
        "stage1",
        model,
        projector,
        tok,
        [{"params": list(projector.parameters()), "lr": 1e-3}],
        make,
        n_train,
        args.minutes1,
        args.steps1,
        args.batch,
        log,
    )
    log["stage1_val_loss_after"] = val_loss(model, projector, tok, make_val, min(64, n_val))
    projector.to_npz(WORK / "projector_stage1.npz")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes1", type=float, default=6)
    parser.add_argument("--minutes2", type=float, default=12)
    parser.add_argument("--steps1", type=int, default=400)
    parser.add_argument("--steps2", type=int, default=600)
    parser.add_argument("--batch", type=int, default=8)
    earlier = parser.add_mutually_exclusive_group()
    earlier.add_argument(
        "--init-from",
        type=Path,
        help="folder with an earlier run's projector.npz and adapter.gguf: skip stage 1, "
        "continue stage 2 from them",
    )
    earlier.add_argument(
        "--adapter-from",
        type=Path,
        help="folder with an earlier run's adapter.gguf and train_log.json: run stage 1 anew "
        "(a retrained encoder), then continue stage 2 from that LoRA",
    )
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    from skinclinic.inference.pack import default_pack_dir, load_pack

    encoder_sha = load_pack(default_pack_dir("ham10000-effnetlite0-v1")).file_hashes["encoder.onnx"]
    if (WORK / "encoder.sha256").read_text().strip() != encoder_sha:
        raise SystemExit("work/ embeddings are from another encoder: rerun make_data.py")
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(BASE_DIR, gguf_file=BASE_FILE, dtype=torch.float32)
    model.requires_grad_(False)
    model.train()  # no dropout in Gemma 3 270M; train() only matters for LoRA modules
    tok = Tokens()
    train, train_emb = load("train")
    val, val_emb = load("val")
    embed = model.get_input_embeddings()
    common = torch.tensor(tok(" the skin lesion is a brown mark"))[:ROWS]
    init_rows = embed(common).detach()
    if init_rows.shape[0] < ROWS:
        init_rows = init_rows.repeat(ROWS, 1)[:ROWS]
    projector = Projector(train_emb.mean(0), train_emb.std(0) + 1e-6, init_rows)
    log: dict[str, Any] = {
        "encoder_sha256": encoder_sha,
        "train_records": len(train),
        "val_records": len(val),
    }

    s1 = lambda i, rng: stage1_example(train[i], train_emb[i])  # noqa: E731
    s1v = lambda i, rng: stage1_example(val[i], val_emb[i])  # noqa: E731
    if args.init_from:
        load_projector(projector, args.init_from / "projector.npz")
        log["init_from"] = json.loads((args.init_from / "train_log.json").read_text())
    else:
        stage1(model, projector, tok, s1, s1v, len(train), len(val), args, log)
    loras = add_lora(model)
    adapter_dir = args.init_from or args.adapter_from
    if adapter_dir:
        load_adapter(loras, adapter_dir / "adapter.gguf")
    if args.adapter_from:
        log["adapter_from"] = json.loads((args.adapter_from / "train_log.json").read_text())
    s2 = lambda i, rng: stage2_example(train[i], train_emb[i], rng)  # noqa: E731
    s2v = lambda i, rng: stage2_example(val[i], val_emb[i], rng)  # noqa: E731
    log["stage2_val_loss_before"] = val_loss(model, projector, tok, s2v, min(64, len(val)))
    lora_params = [p for lora in loras.values() for p in (lora.lora_a, lora.lora_b)]
    run_stage(
        "stage2",
        model,
        projector,
        tok,
        [{"params": lora_params, "lr": 5e-4}, {"params": list(projector.parameters()), "lr": 3e-4}],
        s2,
        len(train),
        args.minutes2,
        args.steps2,
        args.batch,
        log,
    )
    log["stage2_val_loss_after"] = val_loss(model, projector, tok, s2v, min(64, len(val)))
    projector.to_npz(WORK / "projector.npz")
    write_adapter(loras, WORK / "adapter.gguf")
    log.update(
        {
            "rows": ROWS,
            "hidden": HIDDEN,
            "rank": RANK,
            "alpha": ALPHA,
            "targets": list(TARGETS),
            "max_len": MAX_LEN,
            "seed": SEED,
            "torch": torch.__version__,
        }
    )
    (WORK / "train_log.json").write_text(json.dumps(log, indent=2))
    print(json.dumps(log, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
