"""The channel of a source: its site, authors and terms, each written once and remembered.

The writer of a source asks this for the row ids of the post's author and terms,
by login and by (taxonomy, slug), so that each is one query the first time and a
dictionary lookup after.
"""

from __future__ import annotations

import sqlite3

from wparchive.model import AuthorRecord, SiteRecord, TermRecord
from wparchive.pingbacks import url_key
from wparchive.store import rows
from wparchive.store.counts import WriteStats

TERM_REFERENCE = (
    "INSERT INTO terms (site_id, taxonomy, slug, name, declared) VALUES (?, ?, ?, ?, 0) "
    "ON CONFLICT (site_id, taxonomy, slug) DO UPDATE SET name = coalesce(terms.name, excluded.name) "
    "RETURNING id"
)
# A page's view of an author or a term (a REST API response) fills only what the archive lacks.
_AUTHOR_FILLS = ("wp_id", "display_name", "first_name", "last_name", "email")
_TERM_FILLS = ("wp_id", "name", "parent_slug", "description")
_SAME_AUTHOR = (
    "SELECT id FROM authors WHERE site_id = ? AND (wp_id = ? OR login = ?) "
    "ORDER BY coalesce(wp_id = ?, 0) DESC, id LIMIT 1"
)


class Channel:
    """Site, authors and terms of one source."""

    def __init__(self, conn: sqlite3.Connection, stats: WriteStats) -> None:
        self.conn = conn
        self.stats = stats
        self.site_id: int | None = None
        self._authors: dict[str, tuple[int, int | None]] = {}  # login -> (id, wp user id)
        self.author_names: dict[str, str] = {}  # login -> display name
        self._counted_logins: set[str] = set()
        self.author_by_user: dict[int, int] = {}  # WordPress user id -> author row
        self._terms: dict[tuple[str, str], int] = {}
        self._api_authors: int | None = None  # authors of the site a REST API response named first
        self.merged_declarations = False  # authors or terms a page's view (REST API) declared
        self.declared_terms: dict[tuple[str, str], tuple] = {}  # this source's term declarations

    def _write_row(self, table: str, row: rows.Row) -> int:
        """Upsert one row and return its id."""
        found: int = self.conn.execute(rows.write_sql(table, tuple(row), True), rows.values(row)).fetchone()[
            0
        ]
        return found

    def write_site(self, site: SiteRecord, merge: bool = False) -> int:
        """The site's row; a page's view of a site (``merge``) only fills what the archive lacks."""
        row = rows.site_row(site)
        if not merge:
            self._adopt_page_site(row["url"])
        site_id = self._merge_site(row) if merge else self._write_row("sites", row)
        self.site_id = site_id
        for login, author_id, wp_id, display_name in self.conn.execute(
            "SELECT login, id, wp_id, display_name FROM authors WHERE site_id = ?", (site_id,)
        ):
            self._remember_author(login, author_id, wp_id, display_name)
        return site_id

    def _same_site(self, url: str) -> tuple[int, str] | None:
        """The archive's site at this URL, whatever the scheme, ``www.`` or trailing slash."""
        wanted = url_key(url)
        for site_id, known in self.conn.execute("SELECT id, url FROM sites"):
            if known == url or (wanted and url_key(known) == wanted):
                return int(site_id), known
        return None

    def _adopt_page_site(self, url: str) -> None:
        """An export of a site pages were filed under (http then, https now): the export names it."""
        found = self._same_site(url)
        if found and found[1] != url:
            exact = self.conn.execute("SELECT 1 FROM sites WHERE url = ?", (url,)).fetchone()
            if exact is None:
                self.conn.execute("UPDATE sites SET url = ? WHERE id = ?", (url, found[0]))

    def _merge_site(self, row: rows.Row) -> int:
        """The site a page belongs to, found by its home URL whatever the scheme, ``www.`` or slash."""
        found = self._same_site(row["url"])
        if found is None:
            return self._write_row("sites", row)
        sets = ", ".join(f'"{c}" = coalesce("{c}", ?)' for c in row if c != "url")
        self.conn.execute(
            f"UPDATE sites SET {sets} WHERE id = ?", (*[row[c] for c in row if c != "url"], found[0])
        )
        return found[0]

    def author_named(self, name: str | None) -> int | None:
        """The author a page's byline names: an archive author with that login or display name, else a
        derived one (pages show display names, exports key authors by login)."""
        if not name:
            return None
        if name not in self._authors:
            for login, display in self.author_names.items():
                if display == name and login in self._authors:
                    self._count_author(login)
                    return self._authors[login][0]
        return self.author_for(name)

    def _remember_author(
        self, login: str, author_id: int, wp_id: int | None, display_name: str | None
    ) -> None:
        self._authors[login] = (author_id, wp_id)
        self.author_names[login] = display_name or login
        if wp_id:
            self.author_by_user[wp_id] = author_id

    def write_author(self, author: AuthorRecord) -> None:
        if not author.login:
            self.stats.warnings.append(f"skipped an author with no login (id {author.wp_id})")
            return
        assert self.site_id is not None
        row = rows.author_row(self.site_id, author)
        if author.merge:
            author_id = self._merge_author(author, row)
        else:
            self._adopt_api_author(author)
            author_id = self._write_row("authors", row)
        self._remember_author(author.login, author_id, author.wp_id, author.display_name)
        self._count_author(author.login)

    def _merge_author(self, author: AuthorRecord, row: rows.Row) -> int:
        """A REST API user: the archive's author with its WordPress id (an export's login may not be
        the API's slug), else with its login; its empty columns filled, its login known as an alias."""
        found = self.conn.execute(
            _SAME_AUTHOR, (self.site_id, author.wp_id, author.login, author.wp_id)
        ).fetchone()
        self.merged_declarations = True
        if found is None:
            return self._write_row("authors", row)
        sets = ", ".join(f'"{c}" = coalesce("{c}", ?)' for c in _AUTHOR_FILLS)
        # Its extra only where no one declared the author before (a name a post gave): an export's stands.
        self.conn.execute(
            f"UPDATE authors SET {sets}, extra = CASE WHEN derived THEN coalesce(extra, ?) ELSE extra END, "
            "derived = 0 WHERE id = ?",
            (*[row[c] for c in _AUTHOR_FILLS], row["extra"], found[0]),
        )
        return int(found[0])

    def _adopt_api_author(self, author: AuthorRecord) -> None:
        """An export's author that a REST API response brought first, under its slug: the export's
        login from now on, so that the user is one row (checked only where such authors are)."""
        if author.wp_id is None:
            return
        if self._api_authors is None:
            self._api_authors = self.conn.execute(
                "SELECT count(*) FROM authors WHERE site_id = ? "
                "AND json_extract(extra, '$.rest.slug') = login",
                (self.site_id,),
            ).fetchone()[0]
        if self._api_authors:
            self.conn.execute(
                "UPDATE authors SET login = ? WHERE site_id = ? AND wp_id = ? AND login != ? "
                "AND json_extract(extra, '$.rest.slug') = login AND NOT EXISTS "
                "(SELECT 1 FROM authors other WHERE other.site_id = authors.site_id AND other.login = ?)",
                (author.login, self.site_id, author.wp_id, author.login, author.login),
            )

    def _count_author(self, login: str) -> None:
        """Authors this source names (declared or used), the same on every re-import."""
        if login not in self._counted_logins:
            self._counted_logins.add(login)
            self.stats.authors += 1

    def author_for(self, login: str | None) -> int | None:
        """Author id for a post's dc:creator; WXR 1.0 has no author list, so derive one."""
        if not login:
            return None
        known = self._authors.get(login)
        if known:
            self._count_author(login)
            return known[0]
        self.write_author(AuthorRecord(login=login, derived=True))
        return self._authors[login][0]

    def write_term(self, term: TermRecord) -> None:
        if not term.slug or not term.taxonomy:
            self.stats.warnings.append(f"skipped a term with no slug or taxonomy ({term.name!r})")
            return
        assert self.site_id is not None
        self._note_repeated_declaration(term)
        row = rows.term_row(self.site_id, term)
        if term.merge:  # a REST API term: fills what the archive lacks; its meta is not in the response
            self._terms[(term.taxonomy, term.slug)] = self._merge_term(row)
            self.stats.terms += 1
            return
        term_id = self._write_row("terms", row)
        self._terms[(term.taxonomy, term.slug)] = term_id
        meta = rows.meta_rows("term_meta", term_id, term.meta)
        if meta:
            self.conn.executemany(rows.write_sql("term_meta", tuple(meta[0])), rows.all_values(meta))
        self.conn.execute("DELETE FROM term_meta WHERE term_id = ? AND position > ?", (term_id, len(meta)))
        self.stats.terms += 1

    def _merge_term(self, row: rows.Row) -> int:
        self.merged_declarations = True
        fills = ", ".join(f'"{c}" = coalesce(terms."{c}", excluded."{c}")' for c in _TERM_FILLS)
        sql = rows.write_sql("terms", tuple(row)).split(" DO UPDATE SET ")[0]
        # Its extra only where no one declared the term before (a post named it): an export's stands.
        extra = (
            "extra = CASE WHEN terms.declared THEN terms.extra ELSE coalesce(terms.extra, excluded.extra) END"
        )
        found: int = self.conn.execute(
            f"{sql} DO UPDATE SET {fills}, {extra}, declared = 1 RETURNING id", rows.values(row)
        ).fetchone()[0]
        return found

    def _note_repeated_declaration(self, term: TermRecord) -> None:
        """A term declared twice in one file (pbiron's invalid.xml) is one row: say so, lose nothing."""
        key = (term.taxonomy, term.slug)
        declared = (term.wp_id, term.name, term.parent_slug, term.description, term.meta)
        earlier = self.declared_terms.get(key)
        self.declared_terms[key] = declared
        if earlier is None:
            return
        self.stats.duplicate_terms += 1
        if earlier == declared:
            self.stats.warnings.append(
                f"term {term.taxonomy}/{term.slug} is declared again, identically; stored once"
            )
            return
        wp_id, name, parent_slug, description, _ = earlier
        term.extra.setdefault("earlier_declarations", []).append(
            {"wp_id": wp_id, "name": name, "parent_slug": parent_slug, "description": description}
        )
        self.stats.warnings.append(
            f"term {term.taxonomy}/{term.slug} is declared again with other values; the last is stored, "
            "the earlier in extra.earlier_declarations"
        )

    def term_for(self, taxonomy: str, slug: str, name: str | None) -> int:
        """The row of a term a post names, created (undeclared) when the channel did not list it."""
        key = (taxonomy, slug)
        term_id = self._terms.get(key)
        if term_id is None:
            term_id = self.conn.execute(TERM_REFERENCE, (self.site_id, taxonomy, slug, name)).fetchone()[0]
            self._terms[key] = term_id
        return term_id
