namespace CallCenter.Bench;

public static class Program
{
    public static int Main(string[] args) => BenchCommands.Run(args);
}
