/**
 * The cluster model that sources report: what a Mesos cluster looks like, independent of where it
 * was read from. Values are immutable records holding raw names as the cluster reports them; the
 * core turns them into DNS names with Mesos-DNS's conventions, so a source never sanitises names.
 */
package io.signpost.spi.model;
