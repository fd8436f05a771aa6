"""Writer process for the crash test: codes every document of a store, batch by batch.

Usage: python store_crash_writer.py DB N_DOCS BATCH_DOCS
Prints "saving K" before and "saved K" after each save_coded, so the test can kill it
while a transaction is in flight. Safe to re-run: it resumes with the uncoded documents.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_factory import crash_docs, make_events, n_events_for

from detente.store import Store


def main(path: str, n_docs: int, batch_docs: int) -> None:
    with Store(path) as store:
        store.add_documents(crash_docs(n_docs))
        for k, batch in enumerate(store.iter_uncoded(batch_size=batch_docs)):
            print(f"saving {k}", flush=True)
            store.save_coded([(d.id, make_events(d, n_events_for(d))) for d in batch], "crash-test")
            print(f"saved {k}", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
