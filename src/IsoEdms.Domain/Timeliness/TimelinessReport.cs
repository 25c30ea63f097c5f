namespace IsoEdms.Domain.Timeliness;

public enum ReportBy { Unit, Person, Procedure, Month }
public enum ReportLevel { Case, Step }

/// <summary>One row of the timeliness report (the national statistics' columns), before names are attached; the host counts them (TimelinessReporting.CountAsync).</summary>
public sealed record TimelinessCounts(
    string Key, int Received, int Finished, int Early, int OnTime, int Late, int Refused, int Stopped, int InProgress, int OverdueInProgress,
    int UsedMinutes, int BudgetMinutes);
