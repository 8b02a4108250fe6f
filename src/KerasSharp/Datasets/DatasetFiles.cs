using Keras.Utils;

namespace Keras.Datasets;

/// <summary>Finds a dataset's files: an explicit path, the Keras cache, known system copies, then a download.</summary>
internal static class DatasetFiles
{
    /// <summary>
    /// The extracted folder of an archive dataset such as CIFAR. <paramref name="path"/> may be the
    /// folder itself, or a .tar.gz that holds one of <paramref name="folders"/>.
    /// </summary>
    public static string ArchiveFolder(string? path, string? cacheDir, string[] folders, string cacheArchive, string origin, string? sha256, long maxBytes)
    {
        if (path is not null)
        {
            if (Directory.Exists(path)) return path;
            if (!File.Exists(path)) throw new FileNotFoundException($"No dataset file or folder at '{path}'.", path);
            string extractTo = KerasCache.Folder("datasets", cacheDir);
            foreach (string folder in folders)
                if (ArchiveHolds(path, folder))
                    return SafeTarExtractor.Extract(path, extractTo, folder);
            throw new InvalidDataException($"'{path}' holds none of the folders {string.Join(", ", folders)}; is it the right archive?");
        }

        string datasets = KerasCache.Folder("datasets", cacheDir);
        foreach (string folder in folders)
        {
            string candidate = Path.Combine(datasets, folder);
            if (Directory.Exists(candidate)) return candidate;
        }
        string archive = Path.Combine(datasets, cacheArchive);
        if (!File.Exists(archive))
            archive = DataUtils.GetFile(cacheArchive, origin, sha256, cache_dir: cacheDir, max_bytes: maxBytes);
        return SafeTarExtractor.Extract(archive, datasets, folders[0]);
    }

    private static bool ArchiveHolds(string archive, string folder)
    {
        string first = SafeTarExtractor.CheckHeaders(archive);
        return first.TrimEnd('/') == folder || first.StartsWith(folder + "/", StringComparison.Ordinal);
    }

    /// <summary>A data file from the explicit folder, the cache, a system copy, or its origin.</summary>
    public static string DataFile(string name, string? folder, string? cacheDir, string cacheSubdir, IEnumerable<string> systemFolders, string origin, string? sha256, long maxBytes)
    {
        if (folder is not null)
        {
            string explicitFile = Path.Combine(folder, name);
            return File.Exists(explicitFile) ? explicitFile : throw new FileNotFoundException($"'{name}' is not in '{folder}'.", explicitFile);
        }
        string cached = Path.Combine(KerasCache.Root(cacheDir), cacheSubdir, name);
        if (File.Exists(cached)) return cached;
        foreach (string system in systemFolders)
        {
            string candidate = Path.Combine(system, name);
            if (File.Exists(candidate)) return candidate;
        }
        return DataUtils.GetFile(name, origin, sha256, cacheSubdir, cacheDir, max_bytes: maxBytes);
    }
}
