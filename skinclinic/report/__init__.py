"""Report drafting: the structured part from the analysis, the grounding check, the prompt and
image tokens for the report model, and the draft / ask use cases. Qt-free."""
