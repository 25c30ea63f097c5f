// The domain's parts read each other throughout: calendars, organisation, procedures, cases and the timeliness rules.
global using IsoEdms.Domain.Calendars;
global using IsoEdms.Domain.Cases;
global using IsoEdms.Domain.Organisation;
global using IsoEdms.Domain.Procedures;
global using IsoEdms.Domain.Timeliness;
