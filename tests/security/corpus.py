"""Hostile Markdown and HTML: what an attacker (or a careless paste) puts in an article or a post.

``BEACON`` is replaced by the address of a local server counting hits: anything that loads it
is a leak.
"""

from __future__ import annotations

HOSTILE = [
    "<script>alert('xss')</script>Hello",
    "<SCRIPT SRC=BEACON.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<img src="BEACON.png">',
    "![tracker](BEACON.gif)",
    '<img src="file:///etc/passwd">',
    "![local](file:///etc/passwd)",
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    "[local file](file:///etc/passwd)",
    "[data](data:text/html,<script>alert(1)</script>)",
    '<a href="javascript:alert(1)">js link</a>',
    '<a href="BEACON?from=link">a plain web link</a>',
    "[vb](vbscript:msgbox(1))",
    '<a href="  javascript:alert(1)">spaced</a>',
    '<a href="java&#x09;script:alert(1)">entity</a>',
    '<div onclick="alert(1)" onmouseover="alert(2)">hover</div>',
    '<body onload="alert(1)">',
    '<svg onload="alert(1)"><circle r="10"/></svg>',
    '<iframe src="BEACON"></iframe>',
    '<object data="BEACON"></object><embed src="BEACON">',
    '<link rel="stylesheet" href="BEACON.css">',
    '<style>body { background: url("BEACON.bg"); }</style>',
    '<p style="background-image: url(BEACON.style)">styled</p>',
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</div>',
    '<meta http-equiv="refresh" content="0;url=BEACON">',
    '<base href="BEACON/">',
    '<form action="BEACON"><input name=q><button>go</button></form>',
    '<table background="BEACON.tb"><tr><td>cell</td></tr></table>',
    '<video src="BEACON.mp4" poster="BEACON.jpg"></video><audio src="BEACON.mp3"></audio>',
    "<!-- <img src=BEACON.comment> -->",
    "<<script>script>alert(1)<</script>/script>",
    '<img src="x" alt="\\" onerror=alert(1) x=\\"">',
    "[ref link][r]\n\n[r]: javascript:alert(1)",
    "<math><mtext><table><mglyph><style><img src=BEACON.mxss>",
    "`<script>in code</script>` and\n\n```\n<img src=BEACON.fenced>\n```",
    "[![nested](BEACON.nested)](javascript:alert(1))",
    "*" * 5000 + "[" * 5000,
    "> " * 500 + "deep quote",
    "\n".join("  " * i + "- item" for i in range(400)),
    "`" * 10000,
    "<div>" * 3000 + "unclosed",
    "#" * 10000,
    "\u202eevil\u202c [bidi](https://example.org/\u202egnp.exe)",
    "\x00 NUL and \ufeff BOM and \U0001f600 emoji",
]


def corpus(port: int) -> list[str]:
    """The corpus with BEACON pointing at ``http://127.0.0.1:{port}/beacon``."""
    return [item.replace("BEACON", f"http://127.0.0.1:{port}/beacon") for item in HOSTILE]
