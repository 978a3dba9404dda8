/** The walkthrough: sample feeds like the seed's, and the tour that replays the seed's story on them. */
package io.deltalens.tour;
