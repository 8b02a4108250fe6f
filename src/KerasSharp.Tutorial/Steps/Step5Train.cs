using Keras.Callbacks;
using Keras.PreProcessing.Image;

namespace KerasSharp.Tutorial.Steps;

/// <summary>Tutorial step 5: fit the 4-conv network; then build, summarise and fit the 6-conv network (6layerCNN.py).</summary>
internal sealed class Step5Train : TutorialStep
{
    public override (int First, int Last) Numbers => (5, 5);

    public override string Title(TutorialOptions options) => "Step 5: training, then the 6-conv network";

    public override void Run(TutorialContext ctx)
    {
        if (ctx.Networks.TryGetValue(TutorialNetworks.FourConv, out var four))
        {
            Fit(ctx, TutorialNetworks.FourConv, four);
            if (ctx.Interrupted) return;
        }
        if (!ctx.Options.RunsModel(TutorialNetworks.SixConv)) return;

        var (x_train, _, _, _) = ctx.Data;
        var cnn_n = TutorialNetworks.BaseModel(TutorialNetworks.SixConv, x_train.shape[1..], ctx.NumClasses, ctx.Options.EffectiveLearningRate);
        cnn_n.Summary();
        ctx.Networks[TutorialNetworks.SixConv] = cnn_n;
        Fit(ctx, TutorialNetworks.SixConv, cnn_n);
    }

    private static void Fit(TutorialContext ctx, string name, Keras.Models.BaseModel cnn_n)
    {
        var (x_train, y_train, x_test, y_test) = ctx.Data;
        var training = new TutorialTraining(ctx, name, cnn_n); // checkpoints, Ctrl-C, saving afterwards

        History cnn;
        if (ctx.Options.Augment)
        {
            // --augment: the real-time data augmentation of Keras's own CIFAR-10 example
            var datagen = new ImageDataGenerator(width_shift_range: 0.1, height_shift_range: 0.1, horizontal_flip: true);
            using var flow = datagen.Flow(x_train, y_train, batch_size: ctx.BatchSize);
            cnn = cnn_n.Fit(flow, epochs: ctx.Epochs, validation_data: (x_test, y_test), callbacks: training.Callbacks);
        }
        else
        {
            cnn = cnn_n.Fit(x_train, y_train, batch_size: ctx.BatchSize, epochs: ctx.Epochs,
                            validation_data: (x_test, y_test), shuffle: true, callbacks: training.Callbacks);
        }

        training.Finish(cnn);
    }
}
