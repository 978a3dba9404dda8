/**
 * Landing ingest: parquet files that land in a table's folder or prefix become additions to it, without
 * being rewritten (what oxbow does). A {@link io.deltalens.internal.landing.Watcher} lists the landing
 * location every cycle (a local folder by what changed: {@link io.deltalens.internal.landing.FolderScan});
 * {@link io.deltalens.internal.landing.S3Events} turns S3 event notifications (direct, SQS-, SNS- or
 * EventBridge-wrapped) into batches for {@link io.deltalens.internal.landing.EventIngest}. Both commit through
 * {@link io.deltalens.internal.landing.LandingTable}: one commit per table and batch, exactly once per file (a
 * txn per landing appId fences concurrent watchers and handlers), the table's file set read once and kept up to
 * date, bad files quarantined rather than committed. Files the log removed (a compaction's or a delete's old
 * files, in the folder until a vacuum) and files a deltalens writer wrote for a commit of its own are never landed.
 */
package io.deltalens.internal.landing;
