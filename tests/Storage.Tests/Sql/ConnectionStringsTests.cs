using CallCenter.Storage.Sql;

namespace CallCenter.Storage.Tests.Sql;

public sealed class ConnectionStringsTests
{
    [Theory]
    [InlineData("Host=db;Username=cc;Password=s3cret;Database=callcenter")]
    [InlineData("Host=db;PWD=s3cret")]
    [InlineData("Host=db;password='s3cret;with;semicolons'")]
    [InlineData("Data Source=data/callcenter.db;Password=s3cret")]
    public void Passwords_are_removed(string connectionString)
    {
        var redacted = ConnectionStrings.Redact(connectionString);

        Assert.DoesNotContain("s3cret", redacted, StringComparison.Ordinal);
        Assert.Contains("***", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Everything_else_is_kept()
    {
        Assert.Equal("host=db;username=cc;database=callcenter", ConnectionStrings.Redact("Host=db;Username=cc;Database=callcenter"));
    }

    [Fact]
    public void An_unparsable_string_is_not_echoed()
    {
        Assert.Equal("(unparsable connection string)", ConnectionStrings.Redact("Password=s3cret;=broken"));
    }
}
