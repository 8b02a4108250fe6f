using System.Text;

namespace Keras.PreProcessing.Text;

/// <summary><c>keras.preprocessing.text</c>'s functions: <see cref="TextToWordSequence"/>.</summary>
public static class TextUtil
{
    /// <summary>Keras's default filters: punctuation, tab and newline (not the apostrophe).</summary>
    public const string DefaultFilters = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

    /// <summary>
    /// A text's words, as Keras's <c>text_to_word_sequence</c>: lowered, every filter character replaced by the
    /// separator, split on it, empty pieces dropped.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="filters">The characters to remove.</param>
    /// <param name="lower">Whether to lower the text first.</param>
    /// <param name="split">The separator.</param>
    /// <returns>The words.</returns>
    public static string[] TextToWordSequence(string text, string filters = DefaultFilters, bool lower = true, string split = " ")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(split)) throw new ArgumentException("split must not be empty.");
        if (lower) text = text.ToLowerInvariant();
        var translated = new StringBuilder(text.Length);
        foreach (char c in text)
            if (filters.Contains(c)) translated.Append(split);
            else translated.Append(c);
        return translated.ToString().Split(split).Where(w => w.Length > 0).ToArray();
    }
}
