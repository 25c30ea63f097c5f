using System.Linq.Expressions;

namespace IsoEdms.Infrastructure;

/// <summary>The optional filters of a register's query string: a filter applies only when its value was given.</summary>
public static class QueryFilters
{
    public static IQueryable<T> WhereGiven<T>(this IQueryable<T> query, string? value, Expression<Func<T, bool>> filter) =>
        string.IsNullOrEmpty(value) ? query : query.Where(filter);
}
