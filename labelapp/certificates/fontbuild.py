"""Build the certificate fonts: DejaVu Sans cut down to the scripts of the EU's languages.

Run ``python -m labelapp.certificates.fontbuild DEJAVU_DIR`` to rebuild
``labelapp/certificates/fonts/`` from DejaVu Sans (Debian: fonts-dejavu-core).
The small fonts are committed: WeasyPrint then embeds them whole instead of
subsetting a large font at every render (decision 0010).
"""

from __future__ import annotations

import sys
from pathlib import Path

FONTS_DIR = Path(__file__).with_name("fonts")
SOURCES = {
    "certificate-sans.ttf": "DejaVuSans.ttf",
    "certificate-sans-bold.ttf": "DejaVuSans-Bold.ttf",
}


def _ranges(*spans: tuple[int, int]) -> list[int]:
    return [code for start, end in spans for code in range(start, end + 1)]


# Latin with every diacritic the EU's official languages use, Greek (with tonos) for
# Greek, Cyrillic for Bulgarian, and the punctuation names and dates need.
CODE_POINTS = _ranges(
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A: Central European, Baltic, Maltese
    (0x0218, 0x021B),  # Romanian comma below: Șș Țț
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x045F),  # Cyrillic (Bulgarian)
    (0x1E02, 0x1E03),  # Irish dotted consonants: Ḃḃ
    (0x1E0A, 0x1E0B),  # Ḋḋ
    (0x1E1E, 0x1E1F),  # Ḟḟ
    (0x1E40, 0x1E41),  # Ṁṁ
    (0x1E56, 0x1E57),  # Ṗṗ
    (0x1E60, 0x1E61),  # Ṡṡ
    (0x1E6A, 0x1E6B),  # Ṫṫ
    (0x2010, 0x2026),  # dashes, quotes, bullet, ellipsis
    (0x2032, 0x2033),  # primes
    (0x20AC, 0x20AC),  # euro
    (0x2116, 0x2116),  # numero
    (0x2122, 0x2122),  # trade mark
    (0x2212, 0x2212),  # minus
)


def build(source_dir: Path, target_dir: Path = FONTS_DIR) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False  # print and screen at certificate sizes need no hints
    options.layout_features = []  # precomposed letters only: no shaping tables needed
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "FFTM", "kern"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep the copyright and licence
    target_dir.mkdir(parents=True, exist_ok=True)
    for target, source in SOURCES.items():
        font = TTFont(source_dir / source)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=CODE_POINTS)
        subsetter.subset(font)
        font.save(target_dir / target)


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu"))
