"""Prerank Lab training recipe: tokenizer, BERT towers, fine ranker, distillation, export."""
