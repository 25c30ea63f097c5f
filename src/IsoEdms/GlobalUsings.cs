// The domain's named values (statuses, classifications, endings, severities) are spelled in one place each and read
// everywhere in the host.
global using IsoEdms.Domain.Cases;
global using IsoEdms.Domain.Quality;
global using IsoEdms.Domain.Timeliness;
// What every feature slice of the host uses: the shared infrastructure, the access policies, the store, the bus and its
// HTTP endpoints with their typed answers.
global using IsoEdms.Access;
global using IsoEdms.Infrastructure;
global using Marten;
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Wolverine;
global using Wolverine.Http;
