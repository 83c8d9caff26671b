using System;
using System.Linq;
using Ringwall.Tools.AbiGen.Model;
using Xunit;

namespace Ringwall.Tools.AbiGen.Tests;

/// <summary>Bad sources are rejected with an error naming the file, the item and the fault.</summary>
public class ValidationTests
{
    const string Errors = """
        "errors": [ { "name": "EPERM", "value": 1, "doc": "Not permitted." },
                    { "name": "EINVAL", "value": 22, "doc": "Invalid." } ]
        """;
    const string Hypercalls = """
        "hypercalls": [ { "name": "console_io", "number": 18, "origin": "xen", "implemented": true, "doc": "Console.",
                          "returns": "0.", "args": [ { "name": "cmd", "type": "i32", "doc": "Command." } ],
                          "errors": [ { "name": "EINVAL", "when": "bad command." } ] } ]
        """;
    const string Constants = """
        "constants": [ { "group": "cmd", "type": "u32", "distinct": true, "doc": "Commands.",
                         "constants": [ { "name": "CMD_A", "value": 0, "doc": "A." }, { "name": "CMD_B", "value": 1, "doc": "B." } ] } ]
        """;
    const string Types = """
        "types": [ { "name": "pair", "kind": "struct", "size": 16, "doc": "A pair.",
                     "fields": [ { "name": "a", "type": "u32", "offset": 0, "doc": "A." },
                                 { "name": "b", "type": "u64", "offset": 8, "doc": "B." } ] } ]
        """;

    static AbiModel Model(string hypercalls = Hypercalls, string errors = Errors, string constants = Constants, string types = Types) =>
        AbiLoader.Parse(new[] { ("test.json", "{" + string.Join(",", new[] { hypercalls, errors, constants, types }) + "}") });

    static string WithHypercall(string entry) =>
        Hypercalls.Substring(0, Hypercalls.LastIndexOf(']')) + ", " + entry + " ]";

    static string Rejected(AbiModel model)
    {
        var e = Assert.Throws<AbiException>(() => Generator.Generate(model));
        return string.Join("\n", e.Problems);
    }

    [Fact]
    public void TheBaselineIsValid() => Assert.Equal(4, Generator.Generate(Model()).Count);

    [Fact]
    public void OverlappingFieldsAreRejected()
    {
        string problems = Rejected(Model(types: Types.Replace("\"offset\": 8", "\"offset\": 2")));
        Assert.Contains("test.json: struct 'pair' field 'b': offset 2 overlaps field 'a'", problems);
    }

    [Fact]
    public void OffsetsThatDoNotAddUpAreRejected()
    {
        string problems = Rejected(Model(types: Types.Replace("\"offset\": 8", "\"offset\": 12")));
        Assert.Contains("field 'b': offset 12 does not add up", problems);
        Assert.Contains("starts at 8", problems);
    }

    [Fact]
    public void ASizeThatDoesNotAddUpIsRejected()
    {
        string problems = Rejected(Model(types: Types.Replace("\"size\": 16", "\"size\": 12")));
        Assert.Contains("struct 'pair': size 12 does not add up", problems);
    }

    [Fact]
    public void UnionMembersMustSitAtZero()
    {
        string problems = Rejected(Model(types: Types.Replace("\"kind\": \"struct\"", "\"kind\": \"union\"")));
        Assert.Contains("union members sit at offset 0, not 8", problems);
    }

    [Fact]
    public void DuplicateHypercallNumbersAreRejected()
    {
        string twice = WithHypercall("{ \"name\": \"other\", \"number\": 18, \"origin\": \"xen\", \"doc\": \"Other.\" }");
        Assert.Contains("hypercall 'other': duplicate number 18 (already 'console_io')", Rejected(Model(hypercalls: twice)));
    }

    [Fact]
    public void DuplicateHypercallNamesAreRejected()
    {
        string twice = WithHypercall("{ \"name\": \"console_io\", \"number\": 19, \"origin\": \"xen\", \"doc\": \"Again.\" }");
        Assert.Contains("duplicate hypercall name", Rejected(Model(hypercalls: twice)));
    }

    [Fact]
    public void DuplicateConstantValuesInADistinctGroupAreRejected()
    {
        string problems = Rejected(Model(constants: Constants.Replace("\"value\": 1", "\"value\": 0")));
        Assert.Contains("constant 'CMD_B': duplicate value 0 in group cmd (already CMD_A)", problems);
    }

    [Fact]
    public void DuplicateNamesAcrossFilesAreRejected()
    {
        var model = AbiLoader.Parse(new[]
        {
            ("a.json", "{" + Constants + "}"),
            ("b.json", "{\"constants\": [ { \"group\": \"other\", \"type\": \"u32\", \"doc\": \"Other.\", \"constants\": [ { \"name\": \"CMD_A\", \"value\": 5, \"doc\": \"Again.\" } ] } ]}"),
        });
        Assert.Contains("b.json: constant 'CMD_A': duplicate name CMD_A", Rejected(model));
    }

    [Fact]
    public void DuplicateErrorValuesAreRejected()
    {
        Assert.Contains("error 'EINVAL': duplicate value 1", Rejected(Model(errors: Errors.Replace("\"value\": 22", "\"value\": 1"))));
    }

    [Theory]
    [InlineData("\"doc\": \"Console.\"", "hypercall 'console_io': missing doc")]
    [InlineData("\"doc\": \"Command.\"", "argument 'cmd': missing doc")]
    [InlineData("\"doc\": \"Not permitted.\"", "error 'EPERM': missing doc")]
    [InlineData("\"doc\": \"A.\"", "missing doc")]
    [InlineData("\"doc\": \"A pair.\"", "struct 'pair': missing doc")]
    public void MissingDocIsRejected(string doc, string expected)
    {
        var model = AbiLoader.Parse(new[] { ("test.json", "{" + string.Join(",", Hypercalls, Errors, Constants, Types).Replace(doc, "\"doc\": \"\"") + "}") });
        Assert.Contains(expected, Rejected(model));
    }

    [Fact]
    public void RingwallNumbersMustBeInRingwallsRange()
    {
        string problems = Rejected(Model(hypercalls: Hypercalls.Replace("\"origin\": \"xen\"", "\"origin\": \"ringwall\"")));
        Assert.Contains("Ringwall's hypercalls are numbered 64..79", problems);
    }

    [Fact]
    public void UnknownErrorsAndTypesAreRejected()
    {
        Assert.Contains("unknown error 'EINVAL'", Rejected(Model(errors: Errors.Replace("EINVAL", "EFOO"))));
        Assert.Contains("unknown type 'u128'", Rejected(Model(types: Types.Replace("\"type\": \"u64\"", "\"type\": \"u128\""))));
    }

    [Fact]
    public void UnknownPropertiesAndBadJsonNameTheFile()
    {
        var e = Assert.Throws<AbiException>(() => AbiLoader.Parse(new[] { ("x.json", "{ \"hypercals\": [] }") }));
        Assert.StartsWith("x.json: ", e.Problems.Single());
        e = Assert.Throws<AbiException>(() => AbiLoader.Parse(new[] { ("y.json", "{ \"errors\": [ }") }));
        Assert.StartsWith("y.json: ", e.Problems.Single());
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        string bad = Types.Replace("\"offset\": 8", "\"offset\": 2").Replace("\"doc\": \"A pair.\"", "\"doc\": \"\"");
        var e = Assert.Throws<AbiException>(() => Generator.Generate(Model(types: bad)));
        Assert.True(e.Problems.Count >= 2, string.Join("\n", e.Problems));
        Assert.Contains("problem(s)", e.Message, StringComparison.Ordinal);
    }
}
