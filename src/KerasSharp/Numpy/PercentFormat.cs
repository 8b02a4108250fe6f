using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Keras.Utils;

namespace Numpy;

/// <summary>
/// Python's <c>format % values</c> for numbers, as <c>np.savetxt</c> formats each row: the conversions d, i, u, f, F, e,
/// E, g, G and %%, with the flags - + space 0 #, a width and a precision. Values are longs (exact integers) or doubles.
/// </summary>
internal static partial class PercentFormat
{
    [GeneratedRegex(@"%(?<flags>[-+ 0#]*)(?<width>\d+)?(?:\.(?<precision>\d+))?(?<type>[diufFeEgG%])")]
    private static partial Regex Spec();

    /// <summary>Checks a format before any value is formatted, naming what Python would refuse.</summary>
    public static void Check(string format)
    {
        var rest = Spec().Replace(format, "");
        if (rest.Contains('%'))
            throw new ArgumentException($"The format '{format}' has a conversion this port does not support; use %d, %i, %u, %f, %F, %e, %E, %g or %G with optional flags, width and precision.");
    }

    public static string Apply(string format, IReadOnlyList<object> values)
    {
        int next = 0;
        string text = Spec().Replace(format, m =>
        {
            if (m.Groups["type"].Value == "%") return "%";
            if (next >= values.Count) throw new ArgumentException($"The format '{format}' takes more values than the row's {values.Count}.");
            return One(m, values[next++]);
        });
        if (next != values.Count) throw new ArgumentException($"The format '{format}' takes {next} values, but the row has {values.Count}.");
        return text;
    }

    private static string One(Match spec, object value)
    {
        string flags = spec.Groups["flags"].Value;
        char type = spec.Groups["type"].Value[0];
        int? precision = spec.Groups["precision"].Success ? int.Parse(spec.Groups["precision"].Value, CultureInfo.InvariantCulture) : null;
        int width = spec.Groups["width"].Success ? int.Parse(spec.Groups["width"].Value, CultureInfo.InvariantCulture) : 0;
        double number = value is long l ? l : (double)value;
        bool negative = value is long whole ? whole < 0 : number < 0 || (number == 0 && double.IsNegative(number));
        bool finite = double.IsFinite(number);
        string body = type switch
        {
            'd' or 'i' or 'u' => Integer(value),
            _ when !finite => double.IsNaN(number) ? "nan" : "inf",
            'f' or 'F' => PyFormat.Fixed(Math.Abs(number), precision ?? 6),
            'e' or 'E' => PyFormat.Exponent(Math.Abs(number), precision ?? 6),
            _ => General(Math.Abs(number), precision ?? 6, flags.Contains('#')),
        };
        if (char.IsUpper(type)) body = body.ToUpperInvariant();
        if (flags.Contains('#') && type is 'f' or 'F' or 'e' or 'E' && !body.Contains('.') && finite)
            body = body.Insert(body.IndexOfAny(new[] { 'e', 'E' }) is int at and >= 0 ? at : body.Length, ".");
        if (double.IsNaN(number)) negative = false;
        string sign = negative ? "-" : flags.Contains('+') ? "+" : flags.Contains(' ') ? " " : "";
        int pad = width - sign.Length - body.Length;
        if (pad <= 0) return sign + body;
        if (flags.Contains('-')) return sign + body + new string(' ', pad);
        return flags.Contains('0') && finite ? sign + new string('0', pad) + body : new string(' ', pad) + sign + body;
    }

    /// <summary>%d: an integer's digits, or a float's truncated toward zero, as Python's int().</summary>
    private static string Integer(object value)
    {
        if (value is long l) return BigInteger.Abs(l).ToString(CultureInfo.InvariantCulture);
        double d = (double)value;
        if (!double.IsFinite(d)) throw new ArgumentException($"%d cannot format {(double.IsNaN(d) ? "NaN" : "an infinity")}: Python refuses to convert it to an integer.");
        return BigInteger.Abs(new BigInteger(Math.Truncate(d))).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>%g: %e or %f by the exponent, with trailing zeros removed unless the # flag keeps them.</summary>
    private static string General(double value, int precision, bool keepZeros)
    {
        int p = precision == 0 ? 1 : precision;
        string exponential = PyFormat.Exponent(value, p - 1);
        int exponent = value == 0 ? 0 : int.Parse(exponential[(exponential.IndexOf('e') + 1)..], CultureInfo.InvariantCulture);
        string text = exponent >= -4 && exponent < p ? PyFormat.Fixed(value, p - 1 - exponent) : exponential;
        if (keepZeros) return text.Contains('.') ? text : text.Insert(text.IndexOf('e') is int at and >= 0 ? at : text.Length, ".");
        int e = text.IndexOf('e');
        string mantissa = e >= 0 ? text[..e] : text, tail = e >= 0 ? text[e..] : "";
        if (mantissa.Contains('.')) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
        return new StringBuilder(mantissa).Append(tail).ToString();
    }
}
