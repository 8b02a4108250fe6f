using System.Net;
using System.Text;
using Keras.Utils;

namespace KerasSharp.Tutorial.Report;

/// <summary>
/// report.html: every step's console output and figures in order, in one self-contained page (images
/// inlined as data URIs), readable in a browser without a server.
/// </summary>
internal sealed class HtmlReport
{
    private readonly StringBuilder _body = new();

    public void Heading(string text) => _body.Append("<h2>").Append(WebUtility.HtmlEncode(text)).Append("</h2>\n");

    public void Text(string text)
    {
        if (text.Length > 0) _body.Append("<pre>").Append(WebUtility.HtmlEncode(text)).Append("</pre>\n");
    }

    public void Image(string path, string caption)
    {
        string data = Convert.ToBase64String(File.ReadAllBytes(path));
        string name = WebUtility.HtmlEncode(Path.GetFileName(path));
        _body.Append("<figure><img src=\"data:image/png;base64,").Append(data).Append("\" alt=\"").Append(name).Append("\" data-file=\"").Append(name)
            .Append("\"><figcaption>").Append(WebUtility.HtmlEncode(caption)).Append("</figcaption></figure>\n");
    }

    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table><tr>");
        foreach (var h in headers) _body.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        _body.Append("</tr>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row) _body.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</table>\n");
    }

    /// <summary>Writes the page atomically (a temporary file renamed into place).</summary>
    public void Save(string path, string title)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n");
        page.Append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
            .Append("pre{background:#f6f6f6;padding:.8em;overflow-x:auto;font-size:13px}img{max-width:100%;border:1px solid #ddd}")
            .Append("table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.3em .8em;text-align:right}")
            .Append(".broken{color:#b00;font-weight:bold}</style>\n");
        // Marks each image as loaded or not, and says so on the page if one fails to show.
        page.Append("<script>window.addEventListener('load',()=>{for(const i of document.images){const ok=i.complete&&i.naturalWidth>0;")
            .Append("i.dataset.loaded=ok;if(!ok){const p=document.createElement('p');p.className='broken';")
            .Append("p.textContent='This figure could not be shown: '+i.dataset.file;i.after(p);}}document.body.dataset.ready='true';});</script>\n");
        page.Append("</head><body>\n<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n").Append(_body).Append("</body></html>\n");
        AtomicFile.WriteAllText(path, page.ToString());
    }
}
