namespace CallCenter.Edge.Dialects;

/// <summary>
/// Turns a refusal into the exact response a dialect's existing clients parse: the operator console answers
/// <c>{"status":"failed","reason":…}</c>, the management API <c>{"reqResult":{"code":…,"msg":…}}</c> (or 401 with an empty
/// body on a bad signature), OLA <c>{"code":"4xx",…}</c>, the workbench <c>{"code":…,"msg":…}</c>.
/// </summary>
public interface IDialectErrorShape
{
    IResult Render(DialectFailure failure);
}
