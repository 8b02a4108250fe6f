using Keras.Layers;
using Keras.Models;
using KerasSharp.Extensions;

namespace KerasSharp.Tests.Extensions;

public class AsciiPrintoutTests
{
    // Worked out from keras-sequential-ascii's format rules (right-aligned 20-wide names, glyphs,
    // 10-wide counts, 5.1f shares of 1,250,858 weights), with Activation layers folded into the Conv2D
    // and Dense layers before them.
    private const string FourConv = """
           OPERATION           DATA DIMENSIONS   WEIGHTS(N)   WEIGHTS(%)

               Input   #####     32   32    3
              Conv2D    \|/  -------------------       896     0.1%
                relu   #####     32   32   32
              Conv2D    \|/  -------------------      9248     0.7%
                relu   #####     30   30   32
        MaxPooling2D   Y max -------------------         0     0.0%
                       #####     15   15   32
             Dropout    | || -------------------         0     0.0%
                       #####     15   15   32
              Conv2D    \|/  -------------------     18496     1.5%
                relu   #####     15   15   64
              Conv2D    \|/  -------------------     36928     3.0%
                relu   #####     13   13   64
        MaxPooling2D   Y max -------------------         0     0.0%
                       #####      6    6   64
             Dropout    | || -------------------         0     0.0%
                       #####      6    6   64
             Flatten   ||||| -------------------         0     0.0%
                       #####        2304
               Dense   XXXXX -------------------   1180160    94.3%
                relu   #####         512
             Dropout    | || -------------------         0     0.0%
                       #####         512
               Dense   XXXXX -------------------      5130     0.4%
             softmax   #####          10

""";

    private const string SixConv = """
           OPERATION           DATA DIMENSIONS   WEIGHTS(N)   WEIGHTS(%)

               Input   #####     32   32    3
              Conv2D    \|/  -------------------       896     0.0%
                relu   #####     32   32   32
             Dropout    | || -------------------         0     0.0%
                       #####     32   32   32
              Conv2D    \|/  -------------------      9248     0.4%
                relu   #####     32   32   32
        MaxPooling2D   Y max -------------------         0     0.0%
                       #####     16   16   32
              Conv2D    \|/  -------------------     18496     0.8%
                relu   #####     16   16   64
             Dropout    | || -------------------         0     0.0%
                       #####     16   16   64
              Conv2D    \|/  -------------------     36928     1.5%
                relu   #####     16   16   64
        MaxPooling2D   Y max -------------------         0     0.0%
                       #####      8    8   64
              Conv2D    \|/  -------------------     73856     3.1%
                relu   #####      8    8  128
             Dropout    | || -------------------         0     0.0%
                       #####      8    8  128
              Conv2D    \|/  -------------------    147584     6.2%
                relu   #####      8    8  128
        MaxPooling2D   Y max -------------------         0     0.0%
                       #####      4    4  128
             Flatten   ||||| -------------------         0     0.0%
                       #####        2048
             Dropout    | || -------------------         0     0.0%
                       #####        2048
               Dense   XXXXX -------------------   2098176    87.6%
                relu   #####        1024
             Dropout    | || -------------------         0     0.0%
                       #####        1024
               Dense   XXXXX -------------------     10250     0.4%
             softmax   #####          10

""";

    [Fact]
    public void Printouts_of_both_tutorial_models_match_the_format()
    {
        Assert.Equal(FourConv, KerasSequentialAscii.SequentialModelToAsciiPrintout(TutorialModels.FourConv()));
        var writer = new StringWriter();
        KerasSequentialAscii.sequential_model_to_ascii_printout(TutorialModels.SixConv(), writer);
        Assert.Equal(SixConv, writer.ToString());
    }

    [Fact]
    public void Without_simplify_activation_layers_get_their_own_line()
    {
        var model = new Sequential();
        model.Add(new Dense(4, input_shape: 3));
        model.Add(new Activation("tanh"));
        string text = KerasSequentialAscii.SequentialModelToAsciiPrintout(model, simplify: false, header: false);
        var lines = text.Split('\n');
        Assert.Equal("               Input   #####           3", lines[0]);
        Assert.Equal("               Dense   XXXXX -------------------        16   100.0%", lines[1]);
        Assert.Equal("                       #####           4", lines[2]);
        Assert.Equal("                        f|  -------------------         0     0.0%", lines[3]);
        Assert.Equal("                tanh   #####           4", lines[4]);
    }
}
