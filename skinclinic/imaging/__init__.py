"""Photo intake: strict decoding and the content-addressed photo store.

- `intake.prepare_import(path)`: read once, decode every pixel, hash; writes nothing.
- `decode.load_rgb(path_or_bytes, max_side)`: oriented 8-bit RGB for analysis.
- `store.PhotoStore(root, tmp, key=None)`: `put`, `read`, `path_for`, `exists`, `verify`, `remove`,
  `orphans`; with a key (an encrypted home) files are sealed by `photo_cipher`.
- `errors`: the ImageRejected subclasses, one per reason a photo is refused.

Nothing is imported here, so importing the package does not load Pillow.
"""
