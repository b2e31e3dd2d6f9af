#!/usr/bin/env python3
"""Independent oracle of expected counts for the external WXR corpus.

Writes tests/data/external_wxr_counts.json, one entry per .xml/.zip file under
../shared/external/wxr (see SOURCES.md there).  Run from anywhere:

    python3 tests/data/make_external_counts.py [CORPUS_DIR] [OUTPUT_JSON]

Why a hand-written scanner: the importer parses with lxml, so an oracle built
on lxml (or ElementTree) would share its parser's blind spots.  This script
instead tokenises the raw text with regular expressions:

* comments, CDATA sections and processing instructions are matched as whole
  tokens *before* any markup, so a `<wp:comment>` inside CDATA or a comment is
  never mistaken for an element;
* element names are resolved through the `xmlns` declarations in scope, so
  `wp:`, `wxr:`, `wp2:` or a default `xmlns="http://wordpress.org/export/1.1/"`
  all count, and a `wp:` prefix re-bound to some other URI does not;
* it is tolerant: undeclared prefixes, raw `&`, a raw `]]>` or a truncated
  file still yield counts (this is what the importer's recovery path must
  reproduce).

Only `xml.parsers.expat` is used, and only to decide "ok" vs "recovered".
The XML files themselves are never copied into the repository: only counts
and a sha256 are recorded.
"""

import hashlib
import json
import os
import re
import sys
import xml.parsers.expat
import zipfile
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "external", "wxr"))
DEFAULT_OUTPUT = os.path.join(HERE, "external_wxr_counts.json")

# The WXR namespace carries the version in its URI (1.0, 1.1, 1.2, proposed
# 1.3) and is sometimes https.  The excerpt namespace (".../excerpt/") must
# NOT match, hence the anchors.
WXR_NS_RE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/$")
DC_NS = "http://purl.org/dc/elements/1.1/"
VERSION_VALUE_RE = re.compile(r"^\d+\.\d+$")
XML_NS = "http://www.w3.org/XML/1998/namespace"

# ---------------------------------------------------------------------------
# Tokeniser
# ---------------------------------------------------------------------------

# Order matters: comment, CDATA and PI alternatives come first so that their
# contents are consumed whole and never matched as markup.  Each of them also
# accepts end-of-input instead of its terminator, so a truncated file cannot
# make the scanner re-read the tail as markup.
TOKEN_RE = re.compile(
    r"""
      (?P<comment> <!-- .*? (?: --> | \Z ) )
    | (?P<cdata>   <!\[CDATA\[ (?P<cdata_text> .*? ) (?: \]\]> | \Z ) )
    | (?P<pi>      <\? .*? (?: \?> | \Z ) )
    | (?P<decl>    <! [^>]* > )                       # DOCTYPE (no internal subset in corpus)
    | (?P<end>     </ (?P<end_name> [^\s>]+ ) \s* > )
    | (?P<start>   < (?P<start_name> [^\s/>!?]+ )
                   (?P<attrs> (?: \s+ [^\s=/>]+ \s* = \s* (?: "[^"]*" | '[^']*' ) )* )
                   \s* (?P<empty> /? ) > )
    | (?P<text>    [^<]+ )
    | (?P<stray>   < )                                 # a lone '<' that starts no markup
    """,
    re.S | re.X,
)
ATTR_RE = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
ENTITY_RE = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);")
PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def unescape(text):
    """Decode the five predefined entities and character references.

    Anything else (e.g. a raw `&` in a URL) is left alone, as a recovering
    parser would."""

    def repl(m):
        name = m.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return PREDEFINED[name]

    return ENTITY_RE.sub(repl, text)


def tokens(text):
    """Yield (kind, payload) events: start/end/text.

    start -> (qname, {attr: value}, is_empty); end -> qname; text -> str.
    Comments, PIs and declarations are dropped here."""
    for m in TOKEN_RE.finditer(text):
        # The named outer group closes last, so lastgroup is the token kind.
        kind = m.lastgroup
        if kind == "text":
            yield "text", unescape(m.group("text"))
        elif kind == "stray":
            yield "text", "<"
        elif kind == "cdata":
            yield "text", m.group("cdata_text")
        elif kind == "start":
            attrs = {}
            for a in ATTR_RE.finditer(m.group("attrs")):
                value = a.group(2) if a.group(2) is not None else a.group(3)
                attrs[a.group(1)] = unescape(value)
            yield "start", (m.group("start_name"), attrs, m.group("empty") == "/")
        elif kind == "end":
            yield "end", m.group("end_name")
        # comment / pi / decl: nothing to count


# ---------------------------------------------------------------------------
# Namespace-aware element walker
# ---------------------------------------------------------------------------


def resolve(qname, scope):
    """Map a qualified element name to (namespace URI or None, local name).

    An undeclared prefix (WordPress.com's `atom:`) resolves to a sentinel URI
    so it can never be taken for a WXR element."""
    if ":" in qname:
        prefix, local = qname.split(":", 1)
        if prefix == "xml":
            return XML_NS, local
        return scope.get(prefix, "undeclared-prefix:" + prefix), local
    return scope.get("", None) or None, qname


def new_scope(parent_scope, attrs):
    """Apply the xmlns / xmlns:p declarations of one start tag."""
    decls = {k: v for k, v in attrs.items() if k == "xmlns" or k.startswith("xmlns:")}
    if not decls:
        return parent_scope
    scope = dict(parent_scope)
    for k, v in decls.items():
        scope["" if k == "xmlns" else k[6:]] = v
    return scope


def is_wxr(uri):
    return uri is not None and WXR_NS_RE.match(uri) is not None


class Frame:
    """One open element: its name, namespace scope and role in the WXR tree."""

    __slots__ = ("qname", "scope", "role", "record", "field")

    def __init__(self, qname, scope, role, record=None, field=None):
        self.qname = qname
        self.scope = scope
        self.role = role  # rss, channel, item, comment, term, capture, or None
        self.record = record  # dict being filled (item/comment/term) or the owner for a capture
        self.field = field  # for captures: which key of `record` receives the text


# Which child elements matter, by the role of their parent.  Keys are
# (namespace kind, local name); the value is what the child becomes.
ITEM_FIELDS = {("wxr", "post_type"): "post_type", ("wxr", "status"): "status", ("dc", "creator"): "creator"}
COMMENT_FIELDS = {
    ("wxr", "comment_type"): "comment_type",
    ("wxr", "comment_approved"): "comment_approved",
    ("wxr", "comment_parent"): "comment_parent",
}
TERM_FIELDS = {
    ("wxr", "category_nicename"): "slug",
    ("wxr", "tag_slug"): "slug",
    ("wxr", "term_slug"): "slug",
    ("wxr", "term_taxonomy"): "taxonomy",
}


def ns_kind(uri):
    if uri is None:
        return ""
    if is_wxr(uri):
        return "wxr"
    if uri == DC_NS:
        return "dc"
    return "other"


class Scan:
    """Collects raw facts from the event stream; `summarise` turns them into counts."""

    def __init__(self):
        self.root_local = None
        self.channels = 0
        self.versions = []  # text of every channel-level wxr:wxr_version
        self.items = []  # dicts: post_type, status, creator (None when missing)
        self.comments = []  # dicts: comment_type, comment_approved, comment_parent
        self.terms = []  # dicts: element, taxonomy, slug
        self.authors = 0
        self.wp_author_elements = 0
        self.postmeta = 0
        self.commentmeta = 0
        self.termmeta = 0
        self.unclosed_at_eof = 0
        self.stray_end_tags = 0

    # -- role assignment -------------------------------------------------
    def child_frame(self, parent, qname, scope, uri, local):
        """Decide what a newly opened element is, given its parent's role."""
        key = (ns_kind(uri), local)
        prole = parent.role if parent else "document"
        if prole == "document":
            self.root_local = local if uri is None else f"{{{uri}}}{local}"
            return Frame(qname, scope, "rss" if key == ("", "rss") else None)
        if prole == "rss" and key == ("", "channel"):
            self.channels += 1
            return Frame(qname, scope, "channel")
        if prole == "channel":
            return self.channel_child(qname, scope, key)
        if prole == "item":
            return self.item_child(parent, qname, scope, key)
        if prole == "comment":
            return self.comment_child(parent, qname, scope, key)
        if prole == "term":
            return self.term_child(parent, qname, scope, key)
        return Frame(qname, scope, None)

    def comment_child(self, parent, qname, scope, key):
        if key == ("wxr", "commentmeta"):
            self.commentmeta += 1
        elif key in COMMENT_FIELDS:
            return Frame(qname, scope, "capture", parent.record, COMMENT_FIELDS[key])
        return Frame(qname, scope, None)

    def term_child(self, parent, qname, scope, key):
        if key == ("wxr", "termmeta"):
            self.termmeta += 1
        elif key in TERM_FIELDS:
            return Frame(qname, scope, "capture", parent.record, TERM_FIELDS[key])
        return Frame(qname, scope, None)

    def channel_child(self, qname, scope, key):
        if key == ("", "item"):
            record = {"post_type": None, "status": None, "creator": None}
            self.items.append(record)
            return Frame(qname, scope, "item", record)
        if key == ("wxr", "wxr_version"):
            record = {"value": ""}
            self.versions.append(record)
            return Frame(qname, scope, "capture", record, "value")
        if key == ("wxr", "author"):
            self.authors += 1
        elif key == ("wxr", "wp_author"):
            self.wp_author_elements += 1
        elif key in (("wxr", "category"), ("wxr", "tag"), ("wxr", "term")):
            record = {"element": key[1], "taxonomy": None, "slug": None}
            self.terms.append(record)
            return Frame(qname, scope, "term", record)
        return Frame(qname, scope, None)

    def item_child(self, parent, qname, scope, key):
        if key == ("wxr", "postmeta"):
            self.postmeta += 1
        elif key == ("wxr", "comment"):
            record = {"comment_type": None, "comment_approved": None, "comment_parent": None}
            self.comments.append(record)
            return Frame(qname, scope, "comment", record)
        elif key in ITEM_FIELDS:
            return Frame(qname, scope, "capture", parent.record, ITEM_FIELDS[key])
        return Frame(qname, scope, None)

    # -- driving ---------------------------------------------------------
    def run(self, text):
        stack = []
        capture = None  # innermost open capture frame; its text is collected
        buf = []
        for kind, payload in tokens(text):
            if kind == "text":
                if capture is not None:
                    buf.append(payload)
            elif kind == "start":
                qname, attrs, empty = payload
                parent = stack[-1] if stack else None
                scope = new_scope(parent.scope if parent else {}, attrs)
                uri, local = resolve(qname, scope)
                frame = self.child_frame(parent, qname, scope, uri, local)
                if frame.role == "capture" and capture is None:
                    capture, buf = frame, []
                    # Last occurrence wins when an element is repeated
                    # (namespace-edge-cases.xml: two post_id in one item).
                    frame.record[frame.field] = ""
                stack.append(frame)
                if empty:
                    capture = self.close(stack.pop(), capture, buf)
            else:  # end tag
                capture = self.end_tag(stack, payload, capture, buf)
        # Truncated input: close what is still open, like a recovering parser.
        self.unclosed_at_eof = len(stack)
        while stack:
            capture = self.close(stack.pop(), capture, buf)

    def end_tag(self, stack, qname, capture, buf):
        """Pop to the matching start tag, closing anything left open in between
        (recovery for mismatched tags); ignore an end tag that matches nothing.
        Returns the capture frame still open afterwards, if any."""
        if qname not in [f.qname for f in stack]:
            self.stray_end_tags += 1
            return capture
        while stack:
            frame = stack.pop()
            capture = self.close(frame, capture, buf)
            if frame.qname == qname:
                break
        return capture

    def close(self, frame, capture, buf):
        """Finish one element; a finished capture stores its text in its record."""
        if frame is capture:
            frame.record[frame.field] = "".join(buf)
            return None
        return capture


# ---------------------------------------------------------------------------
# Counting
# ---------------------------------------------------------------------------


def clean(value):
    """Missing element -> "", otherwise the whitespace-trimmed text."""
    return "" if value is None else value.strip()


def comment_type(value):
    v = clean(value)
    # '' (before WP 5.5) and 'comment' (5.5+) both mean an ordinary comment.
    return "comment" if v in ("", "comment") else v


def comment_status(value):
    v = clean(value)
    return {"1": "approved", "0": "pending"}.get(v, v)


def is_reply(value):
    v = clean(value)
    return v.isdigit() and int(v) != 0


def term_key(term):
    element = term["element"]
    if element == "category":
        taxonomy = "category"
    elif element == "tag":
        taxonomy = "post_tag"
    else:
        taxonomy = clean(term["taxonomy"])
    return taxonomy, clean(term["slug"])


def summarise(scan):
    posts = Counter(f"{clean(i['post_type'])}/{clean(i['status'])}" for i in scan.items)
    creators = {clean(i["creator"]) for i in scan.items} - {""}
    term_pairs = {term_key(t) for t in scan.terms}
    version = clean(scan.versions[0]["value"]) if scan.versions else None
    out = {
        "wxr_version": version,
        "items": len(scan.items),
        "posts_by_type_status": dict(sorted(posts.items())),
        "attachments": sum(1 for i in scan.items if clean(i["post_type"]) == "attachment"),
        "comments": len(scan.comments),
        "comments_by_type": dict(
            sorted(Counter(comment_type(c["comment_type"]) for c in scan.comments).items())
        ),
        "comments_by_status": dict(
            sorted(Counter(comment_status(c["comment_approved"]) for c in scan.comments).items())
        ),
        "replies": sum(1 for c in scan.comments if is_reply(c["comment_parent"])),
        "authors": scan.authors,
        "distinct_creators": len(creators),
        "channel_terms": dict(sorted(Counter(tax for tax, _slug in term_pairs).items())),
        # Raw element counts, to compare with assertions phrased per element
        # ("2 categories, 3 tags, 2 terms").
        "channel_term_elements": dict(sorted(Counter(t["element"] for t in scan.terms).items())),
        "postmeta": scan.postmeta,
        "commentmeta": scan.commentmeta,
        "termmeta": scan.termmeta,
    }
    if scan.wp_author_elements:
        out["wp_author_elements"] = scan.wp_author_elements
    return out


# ---------------------------------------------------------------------------
# Classification: ok / recovered / refused
# ---------------------------------------------------------------------------

XMLNS_DECL_RE = re.compile(r"""\sxmlns(?::[^\s=/>]+)?\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# Characters allowed in an RFC 3986 URI reference (plus '%' for escapes).
URI_CHARS_RE = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")


def strip_cdata_and_comments(text):
    """Remove comments and CDATA so that only real markup remains."""
    return re.sub(r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)", "", text, flags=re.S)


def bad_namespace_uris(text):
    """Namespace names that are not RFC 3986 URI references (e.g. raw non-ASCII).

    XML Namespaces 1.0 requires a URI reference; only Namespaces 1.1 allows
    IRIs.  Expat accepts any string, but libxml2 (hence lxml, which the
    importer uses) rejects the document in strict mode."""
    bad = []
    for m in XMLNS_DECL_RE.finditer(strip_cdata_and_comments(text)):
        uri = unescape(m.group(1) if m.group(1) is not None else m.group(2))
        if not URI_CHARS_RE.match(uri):
            bad.append(uri)
    return bad


def wellformedness_problem(data, text):
    """None if the bytes are namespace-well-formed XML, else a short reason."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        return f"expat (namespaces on): {exc}"
    bad = bad_namespace_uris(text)
    if bad:
        return f"namespace name is not a valid URI: {', '.join(bad)}"
    return None


def classify(scan, problem):
    """refused: not WXR at all; recovered: WXR but not well-formed; else ok."""
    version = clean(scan.versions[0]["value"]) if scan.versions else None
    if scan.root_local != "rss" or not scan.channels:
        return "refused", f"no rss/channel (root element: {scan.root_local})"
    if version is None:
        return "refused", "no wxr_version element in a WXR namespace"
    if not VERSION_VALUE_RE.match(version):
        return "refused", f"wxr_version {version!r} does not match ^\\d+\\.\\d+$"
    return ("recovered", problem) if problem else ("ok", None)


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------


def read_xml_bytes(path):
    """The XML bytes of a corpus file; a .zip holds exactly one XML file."""
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.endswith(".xml")]
            assert len(names) == 1, names
            return z.read(names[0])
    with open(path, "rb") as f:
        return f.read()


def decode(data):
    # Every file in the corpus declares (or defaults to) UTF-8.
    text = data.decode("utf-8", errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


def count_file(path):
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    data = read_xml_bytes(path)
    text = decode(data)
    scan = Scan()
    scan.run(text)
    problem = wellformedness_problem(data, text)
    expect, reason = classify(scan, problem)
    # well_formed is reported for every file (also refused ones) so the JSON
    # can be compared with the "well-formed" column of SOURCES.md.
    entry = {"expect": expect, "well_formed": problem is None}
    if reason:
        entry["reason"] = reason
    if problem and expect == "refused":
        entry["wellformedness_problem"] = problem
    entry.update(summarise(scan))
    if scan.unclosed_at_eof:
        entry["unclosed_at_eof"] = scan.unclosed_at_eof
    entry["sha256"] = sha
    if path.endswith(".zip"):
        # The counts describe the XML inside; keep its digest too.
        entry["inner_xml_sha256"] = hashlib.sha256(data).hexdigest()
    return entry


# Explanations that a reader of the JSON needs and that the counts alone do
# not show.  Keyed by path relative to the corpus directory.  Every "refused"
# entry also gets REFUSED_NOTE.
REFUSED_NOTE = (
    "expect=refused: the importer must import nothing from this file. The count "
    "fields still describe what the scanner saw in the document (so they can be "
    "compared with SOURCES.md), they are NOT expected database contents."
)
TRYGHOST_AMP = (
    "expect=recovered: a raw '&' in an attachment URL query string (outside "
    "CDATA) makes it not well-formed (SOURCES.md: NO). lxml recover keeps every "
    "element, so the counts are those of the whole document."
)
ATOM_NOTE = (
    "expect=recovered: WordPress.com export using <atom:link> without declaring "
    "xmlns:atom (SOURCES.md: ns-only error). Expat and strict lxml reject it; "
    "the atom element is not WXR, so the counts are unaffected."
)
THEME_UNIT_TERMS = (
    "channel_terms counts distinct (taxonomy, slug): one <wp:term> with "
    "term_taxonomy=category repeats a <wp:category> slug, so 7 term elements "
    "give nav_menu 6 and no extra category (see channel_term_elements)."
)
NOTES = {
    "wordpress-importer/phpunit/data/namespace-edge-cases.xml": (
        "expect=recovered although expat (namespaces on) accepts it: the item "
        "declares xmlns:unicode='http://ëxämplë.com/ünïcödë/', which is not an "
        "RFC 3986 URI reference (XML Namespaces 1.0 requires one; IRIs only in "
        "Namespaces 1.1); libxml2 reports it and strict lxml raises "
        "XMLSyntaxError (research §8), so the importer gets the tree only via "
        "its recover path. Counts are namespace-resolved: authors 2 "
        "(real_user in /1.2/, version_conflict via wp2 -> /1.1/; the wp: "
        "author re-bound to example.com/fake and custom:author do not count); "
        "terms 2 (ids 100 in /1.0/ and 102; id 101's wp: is re-bound); items 6, "
        "of which the hijacked-namespace item has no post_type/status (key '/'); "
        "postmeta 1 (the re-bound 'malicious' postmeta and the hijacked item's "
        "postmeta are not WXR). Matches upstream XML_Processor assertions "
        "(6 posts, 2 authors, 2 terms, §7)."
    ),
    "humanmade-WordPress-Importer/tests/data/export/unknown-wxr-version.xml": (
        "SOURCES.md says well-formed with 11 items / 1 comment; both are true, "
        "but there is no wxr_version element at all, so it is not WXR (Redux PR "
        "#119 expects nothing imported)."
    ),
    "humanmade-WordPress-Importer/tests/data/export/future-wxr-version.xml": (
        "wxr_version 1.3 matches ^\\d+\\.\\d+$ in a WXR namespace, so it is "
        "accepted (Redux PR #119 imports it; the official parsers refuse it "
        "only because they look for the 'wp:' prefix). Elements use the wxr: "
        "prefix (/1.3/) and one author uses a default xmlns='.../export/1.1/': "
        "3 authors as in small-export.xml."
    ),
    "humanmade-WordPress-Importer/tests/data/export/small-ns-export.xml": (
        "Same counts as small-export.xml with wxr:/default-namespace prefixes."
    ),
    "pbiron-wxr/1.2/sample-wxr-documents/small-export-ns-aware.xml": (
        "Same counts as small-export.xml with wxr:/default-namespace prefixes."
    ),
    "pbiron-wxr/1.2/sample-wxr-documents/invalid.xml": (
        "Schema-invalid on purpose but well-formed, hence expect=ok. Against "
        "small-export.xml it adds a duplicated <wp:tag> (term_id 33, slug tag1: "
        "4 tag elements, 3 distinct post_tag), a second comment, a 'Child Page' "
        "item (12 items), uses <wp:id> instead of author_id in one author and "
        "<wp:key>/<wp:value> inside one postmeta (still counted: postmeta "
        "element count)."
    ),
    "pbiron-wxr/1.2/sample-wxr-documents/large-export.zip": (
        "Counts are for large-export.xml inside the zip (28,482,830 bytes); "
        "sha256 is of the zip, inner_xml_sha256 of the XML."
    ),
    "wordpress-importer/phpunit/data/a11y-unit-test-data.xml": (
        "Upstream multi-file test expects 1 author: the file has no standard "
        "<wp:author>, only one non-standard <wp:wp_author> (authors 0, "
        "wp_author_elements 1). One item ('Page with comments', post_id 156) "
        "has neither post_type nor status (key '/'), and its comment 167 has "
        "no comment_approved (status '')."
    ),
    "wordpress-importer/phpunit/data/invalid-version-tag.xml": (
        "wxr_version is 'abc' (upstream: 'missing/invalid WXR version number')."
    ),
    "wordpress-importer/phpunit/data/missing-version-tag.xml": (
        "No wxr_version element (upstream: 'missing/invalid WXR version number')."
    ),
    "wordpress-importer/phpunit/data/malformed.xml": (
        "Not well-formed (SOURCES.md: NO) and the rss child is <notachanneltag>, "
        "closed by </channel>, with wxr_version 'abc': refused on both counts, "
        "not recovered."
    ),
    "wordpress-importer/phpunit/data/malformed-simple.xml": (
        "Truncated after <wp:post_type>post</wp:post_type> inside the only "
        "item: a recovering parser still yields 1 item, post_type 'post' and "
        "no status (key 'post/'); lxml recover agrees."
    ),
    "wordpress-importer/phpunit/data/crazy-cdata.xml": (
        "expect=recovered: raw ']]>' inside CDATA values (SOURCES.md: NO). "
        "Counts are unaffected (1 item, 3 postmeta); lxml recover truncates "
        "the affected values (research §6)."
    ),
    "wordpress-importer/phpunit/data/term-formats.xml": (
        "Upstream asserts 2 categories, 3 tags, 2 terms: the 2 <wp:term> are "
        "custom-taxonomy and nav_menu (see channel_term_elements)."
    ),
    "wordpress-importer/phpunit/data/theme-unit-test-data.xml": THEME_UNIT_TERMS,
    "theme-test-data/themeunittestdata.wordpress.xml": THEME_UNIT_TERMS,
    "theme-test-data/64-block-test-data.xml": (
        "Newer exporter: 11 of the 13 <wp:term> elements repeat a category or "
        "post_tag already listed as <wp:category>/<wp:tag>; distinct pairs give "
        "category 7, post_tag 4, wp_theme 1, wp_template_part_area 1."
    ),
    "nikola/tests/data/wordpress_import/wordpress_qtranslate_item_modernized.xml": (
        "A bare <item> fragment (no rss/channel, undeclared dc:/wp: prefixes): "
        "SOURCES.md lists it as 'ns-only error'; it is not a WXR document."
    ),
    "nikola/tests/data/wordpress_import/wordpress_qtranslate_item_raw_export.xml": (
        "A bare <item> fragment (no rss/channel, undeclared dc:/wp: prefixes): "
        "SOURCES.md lists it as 'ns-only error'; it is not a WXR document."
    ),
    "nikola/tests/data/wordpress_import/wordpress_unicode_export.xml": ATOM_NOTE,
    "real-blogs/TimothyFitz-timothyfitz.github.com/wordpress.xml": ATOM_NOTE,
    "real-blogs/charleso-blog/wordpress.xml": ATOM_NOTE
    + " WXR 1.0: no <wp:author> list (authors 0); authors come from dc:creator.",
    "real-blogs/sud0n1m-iamnotaprogrammer.com/_import/wordpress.xml": (
        "WXR 1.0: no <wp:author> list (authors 0); authors come from dc:creator."
    ),
    "wagtail-wordpress-import/wagtail_wordpress_import/test/fixtures/test.xml": (
        "A <catalog> of books, not RSS; SOURCES.md lists it as well-formed with no WXR version."
    ),
    "TryGhost-migrate/packages/mg-wp-xml/test/fixtures/sample.xml": TRYGHOST_AMP,
    "TryGhost-migrate/packages/mg-wp-xml/test/fixtures/sample-no-slug.xml": TRYGHOST_AMP,
    "TryGhost-migrate/packages/mg-wp-xml/test/fixtures/multiple/attachments-only.xml": TRYGHOST_AMP,
}


def corpus_files(corpus):
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith((".xml", ".zip")):
                full = os.path.join(dirpath, name)
                yield os.path.relpath(full, corpus).replace(os.sep, "/"), full


def main(argv):
    corpus = argv[1] if len(argv) > 1 else DEFAULT_CORPUS
    output = argv[2] if len(argv) > 2 else DEFAULT_OUTPUT
    result = {}
    for rel, full in corpus_files(corpus):
        entry = count_file(full)
        notes = [NOTES[rel]] if rel in NOTES else []
        if entry["expect"] == "refused":
            notes.append(REFUSED_NOTE)
        if notes:
            entry["note"] = " ".join(notes)
        result[rel] = entry
    with open(output, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(result)} entries to {output}")


if __name__ == "__main__":
    main(sys.argv)
