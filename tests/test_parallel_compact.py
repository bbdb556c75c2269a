"""Messages sent to worker processes carry their own lines, not their file's whole
line table: the same positions, a pickle that does not grow with the file."""

from __future__ import annotations

import pickle

from msglint.model import LineIndex
from msglint.parallel import COMPACT_LINES, _compact
from msglint.sources.tabular import read_csv


def _campaign(rows: int) -> str:
    lines = ["subject,preheader,body"]
    for i in range(rows):
        # quoted cells over several lines, doubled quotes: offsets that are not linear
        lines.append(f'"Row {i}: our ""spring"" list",Preview {i},"Line one of {i}.\nLine two, '
                     f'still row {i}.\n\nA last paragraph."')
    return "\n".join(lines) + "\n"


def test_compacted_fields_give_the_same_positions_for_every_offset():
    source = _campaign(400)
    messages = [m for m in read_csv(source, "big.csv") if not isinstance(m, Exception)]
    assert len(messages) == 400
    before = {(m.id, name): [f.position(o) for o in range(len(f.text) + 1)]
              for m in messages for name, f in m.fields.items()}
    assert len(messages[0].fields["body"].smap.index) > COMPACT_LINES
    for m in messages:
        _compact(m)
    after = {(m.id, name): [f.position(o) for o in range(len(f.text) + 1)]
             for m in messages for name, f in m.fields.items()}
    assert after == before
    assert all(len(f.smap.index) < 10 for m in messages for f in m.fields.values())


def test_a_compacted_message_pickles_small_however_long_its_file():
    sizes = []
    for rows in (300, 3000):
        messages = [m for m in read_csv(_campaign(rows), "big.csv") if not isinstance(m, Exception)]
        last = messages[-1]
        whole = len(pickle.dumps(last))
        sizes.append(len(pickle.dumps(_compact(last))))
        assert sizes[-1] < whole
    assert sizes[1] < sizes[0] * 1.2  # the file grew tenfold; the message did not


def test_a_window_keeps_line_numbers_and_the_inverse():
    text = "".join(f"line {i}\n" for i in range(50))
    index = LineIndex(text, line_base=10)
    lo, hi = text.index("line 20"), text.index("line 23") + 3
    sub = index.window(lo, hi)
    for offset in range(lo, hi + 1):
        assert sub.position(offset) == index.position(offset)
    assert sub.offset(21, 2) == index.offset(21, 2)
    assert index.window(0, 0).position(0) == (11, 1)


def test_an_mbox_message_keeps_its_positions_when_compacted():
    from msglint.sources.mbox import read_mbox
    import io

    body = "".join(f"Line {i} of the letter.\n" + (">From the archive, line {i}\n" if i % 7 == 0 else "")
                   for i in range(400))
    raw = ("From a@example.com Mon Jan  1 00:00:00 2024\nFrom: A <a@example.com>\n"
           "Subject: Hello\n\n" + body + "\n").encode()
    messages = [m for m in read_mbox(io.BytesIO(raw), "x.mbox", 10_000_000)
                if not isinstance(m, Exception)]
    before = {n: [f.position(o) for o in range(len(f.text) + 1)]
              for m in messages for n, f in m.fields.items()}
    assert any(len(f.smap.index) > COMPACT_LINES for m in messages for f in m.fields.values())
    for m in messages:
        _compact(m)
    after = {n: [f.position(o) for o in range(len(f.text) + 1)]
             for m in messages for n, f in m.fields.items()}
    assert after == before
