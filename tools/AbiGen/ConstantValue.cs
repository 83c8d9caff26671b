using System.Globalization;
using System.Text.Json;

namespace Ringwall.Tools.AbiGen;

/// <summary>A constant's value, parsed and range-checked against its group's type.</summary>
public readonly struct ConstantValue
{
    public string Type { get; init; }
    public string Text { get; init; }
    public long Signed { get; init; }
    public ulong Unsigned { get; init; }
    public bool Hex { get; init; }

    public bool IsString => Type == "string";

    /// <summary>Equality for duplicate-value checks.</summary>
    public string Key => IsString ? "s:" + Text : "n:" + Unsigned.ToString(CultureInfo.InvariantCulture);

    public static readonly string[] Types = { "u8", "u16", "u32", "u64", "i32", "i64", "string" };

    public static bool TryParse(JsonElement element, string type, out ConstantValue value, out string error)
    {
        value = default;
        error = null;
        if (type == "string")
        {
            if (element.ValueKind != JsonValueKind.String) { error = "a string constant needs a string value"; return false; }
            value = new ConstantValue { Type = type, Text = element.GetString() };
            return true;
        }
        bool hex = false;
        bool negative = false;
        ulong magnitude;
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (element.TryGetUInt64(out magnitude)) { }
            else if (element.TryGetInt64(out long s) && s < 0) { negative = true; magnitude = (ulong)(-s); }
            else { error = "not an integer: " + element.GetRawText(); return false; }
        }
        else if (element.ValueKind == JsonValueKind.String)
        {
            string text = element.GetString().Replace("_", "");
            if (text.StartsWith("-")) { negative = true; text = text.Substring(1); }
            bool ok = text.StartsWith("0x")
                ? hex = ulong.TryParse(text.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude)
                : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude);
            if (!ok) { error = "not an integer: \"" + element.GetString() + "\""; return false; }
        }
        else
        {
            error = "missing or malformed value";
            return false;
        }
        (bool signed, int bits) = type switch
        {
            "u8" => (false, 8), "u16" => (false, 16), "u32" => (false, 32), "u64" => (false, 64),
            "i32" => (true, 32), "i64" => (true, 64),
            _ => (false, 0),
        };
        if (bits == 0) { error = "unknown constant type '" + type + "'"; return false; }
        if (!signed && negative) { error = "negative value for unsigned type " + type; return false; }
        if (!signed && bits < 64 && magnitude >> bits != 0) { error = "value does not fit " + type; return false; }
        if (signed && magnitude > (negative ? 1UL << (bits - 1) : (1UL << (bits - 1)) - 1))
        {
            error = "value does not fit " + type;
            return false;
        }
        long signedValue = negative ? -(long)magnitude : (long)magnitude;
        value = new ConstantValue
        {
            Type = type,
            Hex = hex,
            Signed = signedValue,
            Unsigned = negative ? unchecked((ulong)signedValue) : magnitude,
            Text = negative ? "-" + magnitude.ToString(CultureInfo.InvariantCulture)
                : hex ? "0x" + magnitude.ToString("X", CultureInfo.InvariantCulture)
                : magnitude.ToString(CultureInfo.InvariantCulture),
        };
        return true;
    }
}
