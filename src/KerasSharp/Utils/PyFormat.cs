using System.Globalization;
using System.Numerics;

namespace Keras.Utils;

/// <summary>
/// Python's <c>%.Nf</c> and <c>%.Ne</c> for porting Python output digit for digit: correctly rounded from the exact binary value, ties to even
/// (<c>'%.4f' % 0.03125 == '0.0312'</c>), where .NET's "F4" would round the tie away from zero.
/// </summary>
public static class PyFormat
{
    /// <summary>Python's <c>'%.Nf' % value</c>.</summary>
    /// <param name="value">The number.</param>
    /// <param name="digits">Digits after the point.</param>
    /// <returns>The text, with '.' as the decimal point.</returns>
    public static string Fixed(double value, int digits)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        bool negative = value < 0 || (value == 0 && double.IsNegative(value));
        long bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        int exponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        BigInteger mantissa = exponent == 0 ? fraction : fraction | (1L << 52);
        int shift = (exponent == 0 ? 1 : exponent) - 1075;

        BigInteger scaled = mantissa * BigInteger.Pow(10, digits);
        BigInteger rounded;
        if (shift >= 0)
        {
            rounded = scaled << shift;
        }
        else
        {
            BigInteger denominator = BigInteger.One << -shift;
            rounded = BigInteger.DivRem(scaled, denominator, out BigInteger remainder);
            int half = (remainder * 2).CompareTo(denominator);
            if (half > 0 || (half == 0 && !rounded.IsEven)) rounded += 1;
        }

        string text = rounded.ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        string result = digits == 0 ? text : text[..^digits] + "." + text[^digits..];
        return negative ? "-" + result : result;
    }

    /// <summary>Python's <c>'%.Ne' % value</c>, such as <c>1.2346e-04</c>.</summary>
    /// <param name="value">The number.</param>
    /// <param name="digits">Digits after the point.</param>
    /// <returns>The text.</returns>
    public static string Exponent(double value, int digits)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        string s = value.ToString("E" + digits, CultureInfo.InvariantCulture);
        int e = s.IndexOf('E');
        int exp = int.Parse(s[(e + 1)..], CultureInfo.InvariantCulture);
        return $"{s[..e]}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
    }

    /// <summary>Python's <c>repr</c> (and <c>str</c>) of a float: the shortest text that reads back as the same double, with Python's exponent form (<c>1e-05</c>, <c>1e+16</c>) below 1e-4 and from 1e16.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";
        string shortest = value.ToString("R", CultureInfo.InvariantCulture);
        int exponent = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        string digits = shortest.TrimStart('-').Split('E')[0].Replace(".", "").TrimStart('0').TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        string sign = value < 0 ? "-" : "";
        // The exponent of the shortest digits, which Log10 can miss by one near powers of ten.
        var parsed = double.Parse($"{digits[0]}.{digits[1..]}E{exponent}", CultureInfo.InvariantCulture);
        if (parsed != Math.Abs(value)) exponent += Math.Abs(value) > parsed ? 1 : -1;
        if (exponent < -4 || exponent >= 16)
            return $"{sign}{digits[0]}{(digits.Length > 1 ? "." + digits[1..] : "")}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        if (exponent >= digits.Length - 1) return $"{sign}{digits}{new string('0', exponent - digits.Length + 1)}.0";
        if (exponent >= 0) return $"{sign}{digits[..(exponent + 1)]}.{digits[(exponent + 1)..]}";
        return $"{sign}0.{new string('0', -exponent - 1)}{digits}";
    }

    /// <summary>Python's <c>'{:,}'.format(n)</c>: digits grouped by commas, whatever the culture (<c>1,073,741,824</c>).</summary>
    /// <param name="value">The number.</param>
    /// <returns>The text.</returns>
    public static string Thousands(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Python's <c>'{:,}'.format(n)</c> for an unsigned number.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The text.</returns>
    public static string Thousands(ulong value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Keras's metric display: <c>%.4f</c>, or <c>%.4e</c> when |value| &lt;= 1e-3.</summary>
    /// <param name="value">The metric's value.</param>
    /// <returns>The text.</returns>
    public static string Metric(double value) => Math.Abs(value) > 1e-3 ? Fixed(value, 4) : Exponent(value, 4);
}
