using System.Text;
using Ringwall.Core.Guests;
using Xunit;

namespace Ringwall.Tests.Host.Guests
{
    // The numeric domain options: weight= and vcpus=.
    public class DomainCountOptionTests
    {
        private static (DomainSpecStatus status, DomainSpec spec) Parse(string line)
        {
            byte[] text = Encoding.ASCII.GetBytes(line);
            var spec = new DomainSpec();
            return (spec.Parse(text, 0, text.Length, 0), spec);
        }

        [Fact]
        public void WeightDefaultsToOne() => Assert.Equal(1u, Parse("name=a").spec.Weight);

        [Theory]
        [InlineData("weight=1", 1u)]
        [InlineData("weight=3", 3u)]
        [InlineData("weight=64", 64u)]
        public void WeightsFromOneToSixtyFourAreTaken(string option, uint weight)
        {
            var (status, spec) = Parse("name=a " + option + " -- x");
            Assert.Equal(DomainSpecStatus.Ok, status);
            Assert.Equal(weight, spec.Weight);
        }

        [Theory]
        [InlineData("weight=0")]
        [InlineData("weight=65")]
        [InlineData("weight=")]
        [InlineData("weight")]
        [InlineData("weight=2K")]
        [InlineData("weight=x")]
        [InlineData("weight=99999999999999")]
        public void OtherWeightsAreRefused(string option)
        {
            var (status, spec) = Parse("name=a " + option);
            Assert.Equal(DomainSpecStatus.BadWeight, status);
            Assert.Equal(option, Encoding.ASCII.GetString(Encoding.ASCII.GetBytes("name=a " + option), spec.ProblemStart, spec.ProblemLength));
        }

        [Fact]
        public void VcpusDefaultsToOne() => Assert.Equal(1u, Parse("name=a").spec.Vcpus);

        [Theory]
        [InlineData("vcpus=1", 1u)]
        [InlineData("vcpus=2", 2u)]
        [InlineData("vcpus=4", 4u)]
        public void VcpusFromOneToFourAreTaken(string option, uint expected)
        {
            var (status, spec) = Parse("name=a " + option + " -- x");
            Assert.Equal(DomainSpecStatus.Ok, status);
            Assert.Equal(expected, spec.Vcpus);
        }

        [Theory]
        [InlineData("vcpus=0")]
        [InlineData("vcpus=5")]
        [InlineData("vcpus=")]
        [InlineData("vcpus")]
        [InlineData("vcpus=1K")]
        [InlineData("vcpus=two")]
        [InlineData("vcpus=18446744073709551617")]
        public void OtherVcpuCountsAreRefused(string option)
            => Assert.Equal(DomainSpecStatus.BadVcpus, Parse("name=a " + option).status);
    }
}
