"""WordprocessingML names and the two lookups every part of the reader needs."""
from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def child(el, name: str):
    return el.find(W + name)


def attr(el, name: str) -> str | None:
    return el.get(W + name)


def parse(data: bytes):
    """An XML part from an untrusted package: no entities, no network, no DTD."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(data, parser)
