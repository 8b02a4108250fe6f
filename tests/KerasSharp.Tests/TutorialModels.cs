using Keras;
using Keras.Models;
using Keras.Optimizers;
using KerasSharp.Tutorial;

namespace KerasSharp.Tests;

/// <summary>The tutorial's two networks, as the tutorial app builds them.</summary>
internal static class TutorialModels
{
    public static Sequential FourConv(int numClasses = 10, Shape? inputShape = null) =>
        TutorialNetworks.FourConvLayers(inputShape ?? (32, 32, 3), numClasses);

    public static Sequential SixConv(int numClasses = 10, Shape? inputShape = null) =>
        TutorialNetworks.SixConvLayers(inputShape ?? (32, 32, 3), numClasses);

    /// <summary>The tutorial's optimizer: SGD(lr=0.1, decay=1e-6, momentum=0.9, nesterov=True).</summary>
    public static SGD TutorialSgd() => new(lr: 0.1, decay: 1e-6, momentum: 0.9, nesterov: true);
}
