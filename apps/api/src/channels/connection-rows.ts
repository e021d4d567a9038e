/** rm_channel_connections as one row per (channel, client) with its types: what both connection lists page through. */
export const CONNECTION_PAIRS = `(SELECT channel_id, client_id, array_agg(type ORDER BY type) AS types, min(connected_at) AS connected_at
    FROM rm_channel_connections GROUP BY channel_id, client_id) cc`;
