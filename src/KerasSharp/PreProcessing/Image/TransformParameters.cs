namespace Keras.PreProcessing.Image;

/// <summary>
/// One picture's augmentation, as the dictionary Keras's <c>get_random_transform</c> returns and
/// <c>apply_transform</c> takes: rotation in degrees, shifts in pixels (tx along rows, ty along columns, so that the
/// output pixel (r, c) samples the input at (r + tx, c + ty)), zoom factors, and flips.
/// </summary>
/// <param name="theta">Rotation, in degrees.</param>
/// <param name="tx">Shift along the rows (height), in pixels.</param>
/// <param name="ty">Shift along the columns (width), in pixels.</param>
/// <param name="zx">Zoom along the rows: above 1 shows a smaller part of the picture.</param>
/// <param name="zy">Zoom along the columns.</param>
/// <param name="flip_horizontal">Whether the columns are reversed (after the other transforms).</param>
/// <param name="flip_vertical">Whether the rows are reversed (after the other transforms).</param>
public sealed record TransformParameters(double theta = 0, double tx = 0, double ty = 0, double zx = 1, double zy = 1,
    bool flip_horizontal = false, bool flip_vertical = false);
