"""Build .docx test documents with python-docx, plus the raw WordprocessingML python-docx has no
API for: numbering definitions, tracked changes, text boxes, comments."""
from __future__ import annotations

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn


class DocBuilder:
    def __init__(self):
        self.doc = docx.Document()
        body = self.doc.element.body
        for p in list(body):
            if p.tag != qn("w:sectPr"):
                body.remove(p)
        self.numbering = self.doc.part.numbering_part.element
        for el in list(self.numbering):
            self.numbering.remove(el)
        self._abstracts = 0
        self._nums = 0
        self._ids = 100

    # -- numbering.xml ------------------------------------------------------------------
    def add_list(self, levels, restarts=None) -> int:
        """levels: [(numFmt, lvlText, start)] for ilvl 0, 1, ...; restarts: {ilvl: lvlRestart}.
        Returns the abstractNumId."""
        aid = self._abstracts
        self._abstracts += 1
        restarts = restarts or {}
        xml = [f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">']
        for i, (fmt, text, start) in enumerate(levels):
            restart = f'<w:lvlRestart w:val="{restarts[i]}"/>' if i in restarts else ""
            xml.append(f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{restart}'
                       f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>')
        xml.append("</w:abstractNum>")
        el = parse_xml("".join(xml))
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(el)
        else:
            self.numbering.append(el)
        return aid

    def add_num(self, abstract: int, overrides=None) -> int:
        """A w:num over an abstract list; overrides {ilvl: startOverride}. Returns the numId."""
        self._nums += 1
        nid = self._nums
        ov = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{s}"/></w:lvlOverride>'
                     for i, s in (overrides or {}).items())
        self.numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{nid}">'
                                        f'<w:abstractNumId w:val="{abstract}"/>{ov}</w:num>'))
        return nid

    def numbered_style(self, name: str, num: int, ilvl: int = 0) -> str:
        """A paragraph style whose paragraphs are numbered by list num (style-linked list)."""
        style = self.doc.styles.add_style(name, 1)
        ppr = style.element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'))
        return name

    # -- body ----------------------------------------------------------------------------
    def para(self, text: str = "", num: int | None = None, ilvl: int = 0, style: str | None = None, runs=None):
        p = self.doc.add_paragraph(style=style)
        for r in (runs if runs is not None else [text] if text else []):
            p.add_run(r)
        if num is not None:
            ppr = p._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/>'
                                 f'<w:numId w:val="{num}"/></w:numPr>'))
        return p

    def _rev_id(self) -> int:
        self._ids += 1
        return self._ids

    def deleted_para(self, text: str, num: int | None = None, ilvl: int = 0):
        """A paragraph deleted with tracked changes: its text and its mark."""
        p = self.para("", num, ilvl)
        ppr = p._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:del w:id="{self._rev_id()}" w:author="审稿人" '
                             f'w:date="2026-01-01T00:00:00Z"/></w:rPr>'))
        p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="{self._rev_id()}" w:author="审稿人" '
                              f'w:date="2026-01-01T00:00:00Z"><w:r><w:delText>{text}</w:delText></w:r></w:del>'))
        return p

    def inserted_para(self, text: str, num: int | None = None, ilvl: int = 0):
        """A paragraph inserted with tracked changes: its text and its mark."""
        p = self.para("", num, ilvl)
        ppr = p._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:ins w:id="{self._rev_id()}" w:author="审稿人"/></w:rPr>'))
        p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="{self._rev_id()}" w:author="审稿人">'
                              f'<w:r><w:t>{text}</w:t></w:r></w:ins>'))
        return p

    def delete_mark(self, paragraph) -> None:
        """Delete the paragraph's mark with tracked changes: accepted, it joins the next paragraph."""
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:del w:id="{self._rev_id()}" w:author="审稿人"/></w:rPr>'))

    def hidden_run(self, paragraph, text: str) -> None:
        run = paragraph.add_run(text)
        run.font.hidden = True

    def revised_para(self, before: str, deleted: str, inserted: str, after: str = ""):
        """A paragraph with a tracked deletion followed by a tracked insertion."""
        p = self.para(before)
        p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="{self._rev_id()}" w:author="审稿人">'
                              f'<w:r><w:delText>{deleted}</w:delText></w:r></w:del>'))
        p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="{self._rev_id()}" w:author="审稿人">'
                              f'<w:r><w:t>{inserted}</w:t></w:r></w:ins>'))
        if after:
            p.add_run(after)
        return p

    def table(self, rows, style: str | None = "Table Grid"):
        t = self.doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        if style:
            t.style = self.doc.styles[style]
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                t.cell(i, j).text = value
        return t

    def box_table(self, lines):
        """A 专栏 drawn as a one-cell bordered table, one paragraph per line."""
        t = self.doc.add_table(rows=1, cols=1)
        t.style = self.doc.styles["Table Grid"]
        cell = t.cell(0, 0)
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
        return t

    def text_box(self, anchor_text: str, lines):
        """A paragraph anchoring a text box (wps, with its VML fallback as Word writes it)."""
        inner = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
        xml = (f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
               'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
               'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
               'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
               'xmlns:v="urn:schemas-microsoft-com:vml">'
               '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline><a:graphic>'
               '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
               f'<wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp>'
               '</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
               f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent>'
               '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
        p = self.para(anchor_text)
        p._p.append(parse_xml(xml))
        return p

    def footnote(self, paragraph, text: str) -> None:
        """A footnote on the paragraph (python-docx has no footnote API: the part is made here)."""
        from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart

        if getattr(self, "_footnotes", None) is None:
            root = parse_xml(f'<w:footnotes {nsdecls("w")}>'
                             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                             '</w:r></w:p></w:footnote></w:footnotes>')
            self._footnotes = XmlPart(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, root,
                                      self.doc.part.package)
            self.doc.part.relate_to(self._footnotes, RELATIONSHIP_TYPE.FOOTNOTES)
        root = self._footnotes.element
        fid = len(root) - 1
        root.append(parse_xml(f'<w:footnote {nsdecls("w")} w:id="{fid}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
                              '</w:footnote>'))
        paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="{fid}"/></w:r>'))

    def comment(self, paragraph, text: str):
        self.doc.add_comment(paragraph.runs, text=text, author="planlint", initials="PL")

    def save(self, path) -> str:
        self.doc.save(str(path))
        return str(path)
