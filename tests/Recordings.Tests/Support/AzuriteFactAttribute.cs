namespace CallCenter.Recordings.Tests.Support;

/// <summary>A test against real Azurite. ./scripts/test.sh always starts it and sets <c>CALLCENTER_TEST_AZURITE</c>; a
/// plain <c>dotnet test</c> without it skips these tests with this reason instead of failing on a missing server.</summary>
public sealed class AzuriteFactAttribute : FactAttribute
{
    public const string Variable = "CALLCENTER_TEST_AZURITE";

    public AzuriteFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"{Variable} is not set: run the tests through ./scripts/test.sh, which starts Azurite (scripts/azurite.sh start DIR prints the connection string)";
    }

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable)!;
}
