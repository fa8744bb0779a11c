/**
 * Small helpers for plugin authors, part of the SPI so that every plugin's class loader sees the
 * same copy (plugins cannot share code with each other any other way). Nothing here is needed to
 * write a plugin; each helper exists because more than one bundled plugin needs it.
 */
package io.signpost.spi.support;
