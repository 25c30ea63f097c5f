// The domain's named values (statuses, classifications, endings, severities) are spelled in one place each and read
// everywhere in the host.
global using IsoEdms.Domain.Cases;
global using IsoEdms.Domain.Quality;
global using IsoEdms.Domain.Timeliness;
