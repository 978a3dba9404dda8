/**
 * Landing ingest: parquet files that land in a table's folder or prefix become additions to it, without
 * being rewritten (what oxbow does). A {@link io.deltalens.internal.landing.Watcher} lists the landing
 * location every cycle; {@link io.deltalens.internal.landing.S3Events} turns S3 event notifications (direct,
 * SQS- or SNS-wrapped) into the same batches. Both commit through {@link
 * io.deltalens.internal.landing.LandingTable}: one commit per table and batch, exactly once per file
 * (a txn per landing appId fences concurrent watchers and handlers), bad files quarantined, not committed.
 */
package io.deltalens.internal.landing;
