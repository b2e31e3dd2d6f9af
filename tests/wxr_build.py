"""Small WXR documents written in a test, so each test shows the shape of input it is about.

Values are inserted as given (no escaping), so a test can pass padded, damaged or hostile text.
"""

from __future__ import annotations

from collections.abc import Iterable

HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
)


def export(
    *items: str, channel: str = "", site: str = "https://blog.example.org", title: str = "A test blog"
) -> bytes:
    """A whole export: channel header, one author, the items."""
    header = (
        f"<title>{title}</title><link>{site}</link><description>tests</description><language>en</language>\n"
        f"<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{site}</wp:base_site_url>"
        f"<wp:base_blog_url>{site}</wp:base_blog_url>\n"
        "<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ann]]></wp:author_login>"
        "<wp:author_email><![CDATA[ann-secret@example.org]]></wp:author_email>"
        "<wp:author_display_name><![CDATA[Ann Author]]></wp:author_display_name></wp:author>\n"
    )
    return (HEAD + header + channel + "".join(items) + "</channel>\n</rss>\n").encode("utf-8")


def item(
    post_id: int | str | None = 1,
    *,
    title: str = "A post",
    status: str = "publish",
    post_type: str = "post",
    password: str = "",
    content: str = "<p>Hello.</p>",
    link: str | None = None,
    guid: str | None = None,
    date: str = "2020-01-02 03:04:05",
    pub_date: str = "Thu, 02 Jan 2020 03:04:05 +0000",
    parent: int = 0,
    comments: Iterable[str] = (),
    meta: Iterable[tuple[str, str]] = (),
    extra: str = "",
) -> str:
    link = link if link is not None else f"https://blog.example.org/?p={post_id}"
    guid = guid if guid is not None else f"https://blog.example.org/?p={post_id}"
    post_id_element = "" if post_id is None else f"<wp:post_id>{post_id}</wp:post_id>"
    metas = "".join(
        f"<wp:postmeta><wp:meta_key><![CDATA[{key}]]></wp:meta_key><wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        for key, value in meta
    )
    return (
        f"<item><title>{title}</title><link>{link}</link><pubDate>{pub_date}</pubDate>"
        f'<dc:creator><![CDATA[ann]]></dc:creator><guid isPermaLink="false">{guid}</guid>'
        f"<content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        f"{post_id_element}<wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date}</wp:post_date_gmt>"
        f"<wp:comment_status>open</wp:comment_status><wp:ping_status>open</wp:ping_status>"
        f"<wp:status>{status}</wp:status><wp:post_parent>{parent}</wp:post_parent><wp:post_type>{post_type}</wp:post_type>"
        f"<wp:post_password>{password}</wp:post_password>{metas}{extra}{''.join(comments)}</item>\n"
    )


def comment(
    comment_id: int | str | None = 1,
    *,
    parent: int = 0,
    author: str = "Cora Commenter",
    email: str = "cora-secret@example.com",
    ip: str = "192.0.2.55",
    url: str = "",
    approved: str = "1",
    comment_type: str = "",
    content: str = "A comment.",
    date: str = "2020-01-03 04:05:06",
) -> str:
    id_element = "" if comment_id is None else f"<wp:comment_id>{comment_id}</wp:comment_id>"
    return (
        f"<wp:comment>{id_element}<wp:comment_author><![CDATA[{author}]]></wp:comment_author>"
        f"<wp:comment_author_email>{email}</wp:comment_author_email><wp:comment_author_url>{url}</wp:comment_author_url>"
        f"<wp:comment_author_IP>{ip}</wp:comment_author_IP><wp:comment_date>{date}</wp:comment_date>"
        f"<wp:comment_date_gmt>{date}</wp:comment_date_gmt><wp:comment_content><![CDATA[{content}]]></wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type>{comment_type}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>"
    )
