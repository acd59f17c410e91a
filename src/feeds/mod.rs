//! Feeds: subscriptions, fetching, feed files and OPML (not yet written).
