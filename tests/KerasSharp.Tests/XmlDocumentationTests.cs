using System.Reflection;
using System.Xml.Linq;

namespace KerasSharp.Tests;

/// <summary>
/// The IntelliSense documentation that ships with KerasSharp and KerasSharp.Extensions: the compiler already fails on
/// a public member without a comment (CS1591); this checks that every method documents each of its parameters.
/// </summary>
public class XmlDocumentationTests
{
    /// <summary>The parameter types in a documentation id such as <c>M:N.T.F(System.Int32,System.Collections.Generic.List{System.String})</c>.</summary>
    private static int ParameterCount(string id)
    {
        int open = id.IndexOf('(');
        if (open < 0) return 0;
        string list = id[(open + 1)..id.LastIndexOf(')')];
        int depth = 0, count = 1;
        foreach (char c in list)
        {
            if (c is '{' or '[') depth++;
            else if (c is '}' or ']') depth--;
            else if (c == ',' && depth == 0) count++;
        }
        return count;
    }

    /// <summary>Methods and constructors a user of the assembly can call or override, as "M:Type.Name" and their parameter count.</summary>
    private static IEnumerable<(string Prefix, int Parameters)> PublicMethods(Assembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetExportedTypes())
        {
            string typeName = type.FullName!.Replace('+', '.');
            var methods = type.GetMethods(all).Where(m => !m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal)).Cast<MethodBase>()
                .Concat(type.GetConstructors(all));
            foreach (var method in methods.Where(m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && m.GetParameters().Length > 0))
                yield return ($"M:{typeName}.{(method.IsConstructor ? "#ctor" : method.Name)}(", method.GetParameters().Length);
        }
    }

    [Theory]
    [InlineData("KerasSharp.xml")]
    [InlineData("KerasSharp.Extensions.xml")]
    public void Every_public_method_documents_each_parameter(string file)
    {
        var assembly = file == "KerasSharp.xml" ? typeof(Keras.Models.Sequential).Assembly : typeof(KerasSharp.Extensions.HistoryPlot).Assembly;
        string path = Path.Combine(AppContext.BaseDirectory, file);
        Assert.True(File.Exists(path), $"{file} is not next to the tests: GenerateDocumentationFile must stay on.");
        var members = XDocument.Load(path).Root!.Element("members")!.Elements("member")
            .Select(m => (Id: m.Attribute("name")!.Value, Element: m)).ToList();
        var checkedMethods = 0;
        var missing = new List<string>();
        foreach (var (prefix, parameters) in PublicMethods(assembly))
        {
            // Compiler-generated members (a record's Equals, Deconstruct...) have no entry; the compiler requires one of every other (CS1591).
            foreach (var (id, element) in members.Where(m => m.Id.StartsWith(prefix, StringComparison.Ordinal) && ParameterCount(m.Id) == parameters))
            {
                checkedMethods++;
                if (element.Element("inheritdoc") is null && element.Elements("param").Count() < parameters) missing.Add(id);
            }
        }
        Assert.True(checkedMethods > 10, $"only {checkedMethods} public methods with parameters were found in {file}");
        Assert.True(missing.Count == 0, $"{missing.Count} public methods of {file} lack a <param> for some parameter:\n{string.Join("\n", missing.Distinct())}");
    }
}
