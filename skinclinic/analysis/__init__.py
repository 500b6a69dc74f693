"""Everything between a decoded photo and a stored Analysis: quality gate, diagnosis,
uncertainty and abstention, lesion findings. Cheap to import: onnxruntime loads on first use."""
