public import AWS
public import Model

extension DynamoDBClient {
    /// A failed call to the log table as 503 `unavailable`, for the stores that share the table (data keys, API keys):
    /// a missing table says how to create it, any other failure that `items` (e.g. "the data key table") is unavailable.
    public func unavailable(_ failure: AWSCallError, items: String) -> ServiceError {
        if failure.serviceError?.type == "ResourceNotFoundException" {
            return .unavailable("the table \(table) does not exist: create it with `logsvc storage create-table`")
        }
        return .unavailable("\(items) is unavailable: \(failure)")
    }
}
