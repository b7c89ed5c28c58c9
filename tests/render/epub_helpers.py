"""Read what ended up inside an EPUB: documents, text and link targets."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

NS = {"x": "http://www.w3.org/1999/xhtml"}


def documents(epub: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(epub) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith(".xhtml")}


def all_text(epub: Path) -> str:
    return "".join("".join(ET.fromstring(data).itertext()) for data in documents(epub).values())


def ids_and_links(epub: Path) -> tuple[set[str], list[tuple[str, str]]]:
    """Every (file#id) defined, and every (source file, href) used."""
    ids, links = set(), []
    for name, data in documents(epub).items():
        short = name.split("/", 1)[1]
        root = ET.fromstring(data)
        ids.add(short)
        for el in root.iter():
            if el.get("id"):
                ids.add(f"{short}#{el.get('id')}")
            if el.tag.endswith("}a") and el.get("href"):
                links.append((short, el.get("href")))
    return ids, links


def opf(epub: Path) -> str:
    with zipfile.ZipFile(epub) as z:
        return z.read("EPUB/content.opf").decode("utf-8")


def cjk(text: str) -> set[str]:
    return set(re.findall(r"[\u3400-\u9fff]", text))
