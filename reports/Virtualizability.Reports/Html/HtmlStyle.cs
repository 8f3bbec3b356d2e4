namespace Virtualizability.Reports.Html;

/// <summary>
/// The page's only style sheet, inlined: no fonts, scripts or images are fetched from anywhere. Every colour
/// comes with a text label (colour is never the only carrier of a class or verdict), and print keeps the
/// colours and avoids splitting a table row.
/// </summary>
internal static class HtmlStyle
{
    public const string Css = """
        :root { color-scheme: light; --innocuous: #dcefdc; --privileged: #d6e6f7; --always-traps: #e6def3; --critical: #f6c9c9; --unknown: #fbe6c4; }
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1f; line-height: 1.45; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
        h3 { font-size: 1.05rem; margin-top: 1.6rem; }
        .sub { color: #555; margin-top: 0; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .92em; }
        table { border-collapse: collapse; margin: .6rem 0; font-size: .9rem; }
        th, td { border: 1px solid #c8c8c8; padding: .25rem .5rem; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        tr { break-inside: avoid; }
        .heat td.cls { text-align: center; white-space: nowrap; }
        .heat td.note { min-width: 22rem; max-width: 40rem; }
        .innocuous { background: var(--innocuous); } .privileged { background: var(--privileged); }
        .always-traps { background: var(--always-traps); } .critical { background: var(--critical); font-weight: 700; }
        .unknown { background: var(--unknown); } .absent { color: #888; text-align: center; }
        .badges { display: flex; flex-wrap: wrap; gap: .4rem; margin: .4rem 0 1rem; }
        .badge { border-radius: .8rem; padding: .1rem .7rem; font-size: .85rem; border: 1px solid #999; }
        .badge.yes { background: #cfe9cf; border-color: #4a8a4a; } .badge.no { background: #f3c4c4; border-color: #a94040; }
        .badge.unknown { background: #f8e2b8; border-color: #a8782a; }
        .legend span { display: inline-block; padding: .05rem .5rem; margin-right: .3rem; border: 1px solid #aaa; font-size: .85rem; }
        .ob { text-align: center; white-space: nowrap; } .ob.proved, .ob.patched { background: #cfe9cf; } .ob.assumed { background: #d6e6f7; }
        .ob.refuted { background: #f3c4c4; font-weight: 700; } .ob.unknown { background: #f8e2b8; }
        .variants td.closed { background: var(--innocuous); font-weight: 700; } .variants td.remains { background: var(--critical); }
        .variants td.unknown { background: var(--unknown); } .variants td.why { max-width: 40rem; }
        .witness td.hit, .witness th.hit { background: #ffe58a; font-weight: 700; }
        .note { color: #444; font-size: .85rem; }
        figure { margin: 1rem 0; } figcaption { font-size: .85rem; color: #555; }
        @media print { body { margin: 0; max-width: none; } * { -webkit-print-color-adjust: exact; print-color-adjust: exact; } h2 { break-after: avoid; } }
        """;
}
