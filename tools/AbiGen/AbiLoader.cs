using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Ringwall.Tools.AbiGen.Model;

namespace Ringwall.Tools.AbiGen;

/// <summary>Reads the JSON files of guestabi/abi (sorted by name) into one model.</summary>
public static class AbiLoader
{
    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static AbiModel LoadDirectory(string directory, string displayPrefix = "guestabi/abi/")
    {
        var files = Directory.GetFiles(directory, "*.json")
            .OrderBy(f => Path.GetFileName(f), System.StringComparer.Ordinal)
            .Select(f => (displayPrefix + Path.GetFileName(f), File.ReadAllText(f)));
        return Parse(files);
    }

    /// <summary>Parses (name, JSON text) pairs; throws AbiException naming each bad file.</summary>
    public static AbiModel Parse(IEnumerable<(string Name, string Json)> files)
    {
        var model = new AbiModel();
        var problems = new List<string>();
        foreach (var (name, json) in files)
        {
            try
            {
                var source = JsonSerializer.Deserialize<SourceFile>(json, Options);
                if (source == null)
                    problems.Add(name + ": empty file");
                else
                    model.Add(name, source);
            }
            catch (JsonException e)
            {
                problems.Add(name + ": " + e.Message);
            }
        }
        if (problems.Count > 0)
            throw new AbiException(problems);
        return model;
    }
}
