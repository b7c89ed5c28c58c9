"""The round-trip corpus: newspaper pages whose structure is known because we made them.

Issues are composed from an article pool (`articles`, `written`, `written_dev`), given
bylines in every printed form (`bylines`), typeset as PDFs in several page designs
(`designs`), and read back with six extractors (`extract`); `generate` writes each text with
its gold structure.
Run it with `python -m bench.corpus --out DIR --pages N --seed S --split {train,dev,heldout}`.
"""
