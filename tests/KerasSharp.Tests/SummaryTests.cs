using Keras;

namespace KerasSharp.Tests;

public class SummaryTests : SessionScopedTest
{
    // Worked out by hand from Keras 2.2's print_summary rules (columns end at 29, 55 and 65;
    // the last character of a cut field becomes a space), not by running KerasSharp.
    private const string FourConvSummary = """
_________________________________________________________________
Layer (type)                 Output Shape              Param #
=================================================================
conv2d_1 (Conv2D)            (None, 32, 32, 32)        896
_________________________________________________________________
activation_1 (Activation)    (None, 32, 32, 32)        0
_________________________________________________________________
conv2d_2 (Conv2D)            (None, 30, 30, 32)        9248
_________________________________________________________________
activation_2 (Activation)    (None, 30, 30, 32)        0
_________________________________________________________________
max_pooling2d_1 (MaxPooling2 (None, 15, 15, 32)        0
_________________________________________________________________
dropout_1 (Dropout)          (None, 15, 15, 32)        0
_________________________________________________________________
conv2d_3 (Conv2D)            (None, 15, 15, 64)        18496
_________________________________________________________________
activation_3 (Activation)    (None, 15, 15, 64)        0
_________________________________________________________________
conv2d_4 (Conv2D)            (None, 13, 13, 64)        36928
_________________________________________________________________
activation_4 (Activation)    (None, 13, 13, 64)        0
_________________________________________________________________
max_pooling2d_2 (MaxPooling2 (None, 6, 6, 64)          0
_________________________________________________________________
dropout_2 (Dropout)          (None, 6, 6, 64)          0
_________________________________________________________________
flatten_1 (Flatten)          (None, 2304)              0
_________________________________________________________________
dense_1 (Dense)              (None, 512)               1180160
_________________________________________________________________
activation_5 (Activation)    (None, 512)               0
_________________________________________________________________
dropout_3 (Dropout)          (None, 512)               0
_________________________________________________________________
dense_2 (Dense)              (None, 10)                5130
_________________________________________________________________
activation_6 (Activation)    (None, 10)                0
=================================================================
Total params: 1,250,858
Trainable params: 1,250,858
Non-trainable params: 0
_________________________________________________________________
""";

    // Built after the 4-conv model in the same session, as in the tutorial, so counters continue.
    private const string SixConvSummary = """
_________________________________________________________________
Layer (type)                 Output Shape              Param #
=================================================================
conv2d_5 (Conv2D)            (None, 32, 32, 32)        896
_________________________________________________________________
dropout_4 (Dropout)          (None, 32, 32, 32)        0
_________________________________________________________________
conv2d_6 (Conv2D)            (None, 32, 32, 32)        9248
_________________________________________________________________
max_pooling2d_3 (MaxPooling2 (None, 16, 16, 32)        0
_________________________________________________________________
conv2d_7 (Conv2D)            (None, 16, 16, 64)        18496
_________________________________________________________________
dropout_5 (Dropout)          (None, 16, 16, 64)        0
_________________________________________________________________
conv2d_8 (Conv2D)            (None, 16, 16, 64)        36928
_________________________________________________________________
max_pooling2d_4 (MaxPooling2 (None, 8, 8, 64)          0
_________________________________________________________________
conv2d_9 (Conv2D)            (None, 8, 8, 128)         73856
_________________________________________________________________
dropout_6 (Dropout)          (None, 8, 8, 128)         0
_________________________________________________________________
conv2d_10 (Conv2D)           (None, 8, 8, 128)         147584
_________________________________________________________________
max_pooling2d_5 (MaxPooling2 (None, 4, 4, 128)         0
_________________________________________________________________
flatten_2 (Flatten)          (None, 2048)              0
_________________________________________________________________
dropout_7 (Dropout)          (None, 2048)              0
_________________________________________________________________
dense_3 (Dense)              (None, 1024)              2098176
_________________________________________________________________
dropout_8 (Dropout)          (None, 1024)              0
_________________________________________________________________
dense_4 (Dense)              (None, 10)                10250
=================================================================
Total params: 2,395,434
Trainable params: 2,395,434
Non-trainable params: 0
_________________________________________________________________
""";

    [Fact]
    public void Summaries_of_both_tutorial_models_match_keras_text_exactly()
    {
        Backend.ClearSession();
        var four = TutorialModels.FourConv();
        var six = TutorialModels.SixConv();

        Assert.Equal(FourConvSummary, Capture(four));
        Assert.Equal(SixConvSummary, Capture(six));
    }

    [Fact]
    public void Summary_cuts_long_fields_and_counts_non_trainable_weights()
    {
        Backend.ClearSession();
        var model = new Keras.Models.Sequential();
        model.Add(new Keras.Layers.Conv2D(8, 3, input_shape: (8, 8, 1), name: "a_very_long_layer_name_for_the_column"));
        model.Add(new Keras.Layers.BatchNormalization());
        var lines = Capture(model).Split('\n');

        Assert.Equal("a_very_long_layer_name_for_t (None, 6, 6, 8)           80", lines[3]);
        Assert.Equal("batch_normalization_1 (Batch (None, 6, 6, 8)           32", lines[5]);
        Assert.Contains("Total params: 112", lines);
        Assert.Contains("Trainable params: 96", lines);
        Assert.Contains("Non-trainable params: 16", lines);
    }

    private static string Capture(Keras.Models.Sequential model)
    {
        var lines = new List<string>();
        model.Summary(print_fn: lines.Add);
        return string.Join("\n", lines.Select(l => l.TrimEnd()));
    }
}
