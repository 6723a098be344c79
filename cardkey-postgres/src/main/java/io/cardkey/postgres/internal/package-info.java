/** Implementation of the PostgreSQL stores: migrations and JDBC helpers. Not exported. */
package io.cardkey.postgres.internal;
