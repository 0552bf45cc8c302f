package dev.kopilka.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A statement as one held write's binder sees it inside {@link WriteBuffer}'s combined statement: its parameter
 * {@code i} is the combined statement's {@code offset + i}. A plain delegate (generated from the interface): one
 * instance per flush, re-pointed for each row, no reflection and no allocation per parameter.
 */
final class ShiftedStatement implements PreparedStatement {

    private final PreparedStatement target;
    private int offset;

    ShiftedStatement(PreparedStatement target) {
        this.target = target;
    }

    /** The statement for the row whose first parameter is the combined statement's {@code offset + 1}. */
    ShiftedStatement at(int newOffset) {
        this.offset = newOffset;
        return this;
    }

    @Override
    public void addBatch() throws SQLException {
        target.addBatch();
    }

    @Override
    public void addBatch(java.lang.String a0) throws SQLException {
        target.addBatch(a0);
    }

    @Override
    public void cancel() throws SQLException {
        target.cancel();
    }

    @Override
    public void clearBatch() throws SQLException {
        target.clearBatch();
    }

    @Override
    public void clearParameters() throws SQLException {
        target.clearParameters();
    }

    @Override
    public void clearWarnings() throws SQLException {
        target.clearWarnings();
    }

    @Override
    public void close() throws SQLException {
        target.close();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        target.closeOnCompletion();
    }

    @Override
    public java.lang.String enquoteIdentifier(java.lang.String a0, boolean a1) throws SQLException {
        return target.enquoteIdentifier(a0, a1);
    }

    @Override
    public java.lang.String enquoteLiteral(java.lang.String a0) throws SQLException {
        return target.enquoteLiteral(a0);
    }

    @Override
    public java.lang.String enquoteNCharLiteral(java.lang.String a0) throws SQLException {
        return target.enquoteNCharLiteral(a0);
    }

    @Override
    public boolean execute() throws SQLException {
        return target.execute();
    }

    @Override
    public boolean execute(java.lang.String a0, int[] a1) throws SQLException {
        return target.execute(a0, a1);
    }

    @Override
    public boolean execute(java.lang.String a0, java.lang.String[] a1) throws SQLException {
        return target.execute(a0, a1);
    }

    @Override
    public boolean execute(java.lang.String a0, int a1) throws SQLException {
        return target.execute(a0, a1);
    }

    @Override
    public boolean execute(java.lang.String a0) throws SQLException {
        return target.execute(a0);
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return target.executeBatch();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        return target.executeLargeBatch();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return target.executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate(java.lang.String a0, int[] a1) throws SQLException {
        return target.executeLargeUpdate(a0, a1);
    }

    @Override
    public long executeLargeUpdate(java.lang.String a0, java.lang.String[] a1) throws SQLException {
        return target.executeLargeUpdate(a0, a1);
    }

    @Override
    public long executeLargeUpdate(java.lang.String a0, int a1) throws SQLException {
        return target.executeLargeUpdate(a0, a1);
    }

    @Override
    public long executeLargeUpdate(java.lang.String a0) throws SQLException {
        return target.executeLargeUpdate(a0);
    }

    @Override
    public java.sql.ResultSet executeQuery() throws SQLException {
        return target.executeQuery();
    }

    @Override
    public java.sql.ResultSet executeQuery(java.lang.String a0) throws SQLException {
        return target.executeQuery(a0);
    }

    @Override
    public int executeUpdate() throws SQLException {
        return target.executeUpdate();
    }

    @Override
    public int executeUpdate(java.lang.String a0, int[] a1) throws SQLException {
        return target.executeUpdate(a0, a1);
    }

    @Override
    public int executeUpdate(java.lang.String a0, java.lang.String[] a1) throws SQLException {
        return target.executeUpdate(a0, a1);
    }

    @Override
    public int executeUpdate(java.lang.String a0, int a1) throws SQLException {
        return target.executeUpdate(a0, a1);
    }

    @Override
    public int executeUpdate(java.lang.String a0) throws SQLException {
        return target.executeUpdate(a0);
    }

    @Override
    public java.sql.Connection getConnection() throws SQLException {
        return target.getConnection();
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return target.getFetchDirection();
    }

    @Override
    public int getFetchSize() throws SQLException {
        return target.getFetchSize();
    }

    @Override
    public java.sql.ResultSet getGeneratedKeys() throws SQLException {
        return target.getGeneratedKeys();
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        return target.getLargeMaxRows();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        return target.getLargeUpdateCount();
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        return target.getMaxFieldSize();
    }

    @Override
    public int getMaxRows() throws SQLException {
        return target.getMaxRows();
    }

    @Override
    public java.sql.ResultSetMetaData getMetaData() throws SQLException {
        return target.getMetaData();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return target.getMoreResults();
    }

    @Override
    public boolean getMoreResults(int a0) throws SQLException {
        return target.getMoreResults(a0);
    }

    @Override
    public java.sql.ParameterMetaData getParameterMetaData() throws SQLException {
        return target.getParameterMetaData();
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        return target.getQueryTimeout();
    }

    @Override
    public java.sql.ResultSet getResultSet() throws SQLException {
        return target.getResultSet();
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        return target.getResultSetConcurrency();
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return target.getResultSetHoldability();
    }

    @Override
    public int getResultSetType() throws SQLException {
        return target.getResultSetType();
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return target.getUpdateCount();
    }

    @Override
    public java.sql.SQLWarning getWarnings() throws SQLException {
        return target.getWarnings();
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        return target.isCloseOnCompletion();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return target.isClosed();
    }

    @Override
    public boolean isPoolable() throws SQLException {
        return target.isPoolable();
    }

    @Override
    public boolean isSimpleIdentifier(java.lang.String a0) throws SQLException {
        return target.isSimpleIdentifier(a0);
    }

    @Override
    public boolean isWrapperFor(java.lang.Class<?> a0) throws SQLException {
        return target.isWrapperFor(a0);
    }

    @Override
    public void setArray(int a0, java.sql.Array a1) throws SQLException {
        target.setArray(a0 + offset, a1);
    }

    @Override
    public void setAsciiStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
        target.setAsciiStream(a0 + offset, a1, a2);
    }

    @Override
    public void setAsciiStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
        target.setAsciiStream(a0 + offset, a1, a2);
    }

    @Override
    public void setAsciiStream(int a0, java.io.InputStream a1) throws SQLException {
        target.setAsciiStream(a0 + offset, a1);
    }

    @Override
    public void setBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException {
        target.setBigDecimal(a0 + offset, a1);
    }

    @Override
    public void setBinaryStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
        target.setBinaryStream(a0 + offset, a1, a2);
    }

    @Override
    public void setBinaryStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
        target.setBinaryStream(a0 + offset, a1, a2);
    }

    @Override
    public void setBinaryStream(int a0, java.io.InputStream a1) throws SQLException {
        target.setBinaryStream(a0 + offset, a1);
    }

    @Override
    public void setBlob(int a0, java.io.InputStream a1, long a2) throws SQLException {
        target.setBlob(a0 + offset, a1, a2);
    }

    @Override
    public void setBlob(int a0, java.io.InputStream a1) throws SQLException {
        target.setBlob(a0 + offset, a1);
    }

    @Override
    public void setBlob(int a0, java.sql.Blob a1) throws SQLException {
        target.setBlob(a0 + offset, a1);
    }

    @Override
    public void setBoolean(int a0, boolean a1) throws SQLException {
        target.setBoolean(a0 + offset, a1);
    }

    @Override
    public void setByte(int a0, byte a1) throws SQLException {
        target.setByte(a0 + offset, a1);
    }

    @Override
    public void setBytes(int a0, byte[] a1) throws SQLException {
        target.setBytes(a0 + offset, a1);
    }

    @Override
    public void setCharacterStream(int a0, java.io.Reader a1, int a2) throws SQLException {
        target.setCharacterStream(a0 + offset, a1, a2);
    }

    @Override
    public void setCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
        target.setCharacterStream(a0 + offset, a1, a2);
    }

    @Override
    public void setCharacterStream(int a0, java.io.Reader a1) throws SQLException {
        target.setCharacterStream(a0 + offset, a1);
    }

    @Override
    public void setClob(int a0, java.io.Reader a1, long a2) throws SQLException {
        target.setClob(a0 + offset, a1, a2);
    }

    @Override
    public void setClob(int a0, java.io.Reader a1) throws SQLException {
        target.setClob(a0 + offset, a1);
    }

    @Override
    public void setClob(int a0, java.sql.Clob a1) throws SQLException {
        target.setClob(a0 + offset, a1);
    }

    @Override
    public void setCursorName(java.lang.String a0) throws SQLException {
        target.setCursorName(a0);
    }

    @Override
    public void setDate(int a0, java.sql.Date a1, java.util.Calendar a2) throws SQLException {
        target.setDate(a0 + offset, a1, a2);
    }

    @Override
    public void setDate(int a0, java.sql.Date a1) throws SQLException {
        target.setDate(a0 + offset, a1);
    }

    @Override
    public void setDouble(int a0, double a1) throws SQLException {
        target.setDouble(a0 + offset, a1);
    }

    @Override
    public void setEscapeProcessing(boolean a0) throws SQLException {
        target.setEscapeProcessing(a0);
    }

    @Override
    public void setFetchDirection(int a0) throws SQLException {
        target.setFetchDirection(a0);
    }

    @Override
    public void setFetchSize(int a0) throws SQLException {
        target.setFetchSize(a0);
    }

    @Override
    public void setFloat(int a0, float a1) throws SQLException {
        target.setFloat(a0 + offset, a1);
    }

    @Override
    public void setInt(int a0, int a1) throws SQLException {
        target.setInt(a0 + offset, a1);
    }

    @Override
    public void setLargeMaxRows(long a0) throws SQLException {
        target.setLargeMaxRows(a0);
    }

    @Override
    public void setLong(int a0, long a1) throws SQLException {
        target.setLong(a0 + offset, a1);
    }

    @Override
    public void setMaxFieldSize(int a0) throws SQLException {
        target.setMaxFieldSize(a0);
    }

    @Override
    public void setMaxRows(int a0) throws SQLException {
        target.setMaxRows(a0);
    }

    @Override
    public void setNCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
        target.setNCharacterStream(a0 + offset, a1, a2);
    }

    @Override
    public void setNCharacterStream(int a0, java.io.Reader a1) throws SQLException {
        target.setNCharacterStream(a0 + offset, a1);
    }

    @Override
    public void setNClob(int a0, java.io.Reader a1, long a2) throws SQLException {
        target.setNClob(a0 + offset, a1, a2);
    }

    @Override
    public void setNClob(int a0, java.io.Reader a1) throws SQLException {
        target.setNClob(a0 + offset, a1);
    }

    @Override
    public void setNClob(int a0, java.sql.NClob a1) throws SQLException {
        target.setNClob(a0 + offset, a1);
    }

    @Override
    public void setNString(int a0, java.lang.String a1) throws SQLException {
        target.setNString(a0 + offset, a1);
    }

    @Override
    public void setNull(int a0, int a1, java.lang.String a2) throws SQLException {
        target.setNull(a0 + offset, a1, a2);
    }

    @Override
    public void setNull(int a0, int a1) throws SQLException {
        target.setNull(a0 + offset, a1);
    }

    @Override
    public void setObject(int a0, java.lang.Object a1, int a2, int a3) throws SQLException {
        target.setObject(a0 + offset, a1, a2, a3);
    }

    @Override
    public void setObject(int a0, java.lang.Object a1, int a2) throws SQLException {
        target.setObject(a0 + offset, a1, a2);
    }

    @Override
    public void setObject(int a0, java.lang.Object a1, java.sql.SQLType a2, int a3) throws SQLException {
        target.setObject(a0 + offset, a1, a2, a3);
    }

    @Override
    public void setObject(int a0, java.lang.Object a1, java.sql.SQLType a2) throws SQLException {
        target.setObject(a0 + offset, a1, a2);
    }

    @Override
    public void setObject(int a0, java.lang.Object a1) throws SQLException {
        target.setObject(a0 + offset, a1);
    }

    @Override
    public void setPoolable(boolean a0) throws SQLException {
        target.setPoolable(a0);
    }

    @Override
    public void setQueryTimeout(int a0) throws SQLException {
        target.setQueryTimeout(a0);
    }

    @Override
    public void setRef(int a0, java.sql.Ref a1) throws SQLException {
        target.setRef(a0 + offset, a1);
    }

    @Override
    public void setRowId(int a0, java.sql.RowId a1) throws SQLException {
        target.setRowId(a0 + offset, a1);
    }

    @Override
    public void setSQLXML(int a0, java.sql.SQLXML a1) throws SQLException {
        target.setSQLXML(a0 + offset, a1);
    }

    @Override
    public void setShort(int a0, short a1) throws SQLException {
        target.setShort(a0 + offset, a1);
    }

    @Override
    public void setString(int a0, java.lang.String a1) throws SQLException {
        target.setString(a0 + offset, a1);
    }

    @Override
    public void setTime(int a0, java.sql.Time a1, java.util.Calendar a2) throws SQLException {
        target.setTime(a0 + offset, a1, a2);
    }

    @Override
    public void setTime(int a0, java.sql.Time a1) throws SQLException {
        target.setTime(a0 + offset, a1);
    }

    @Override
    public void setTimestamp(int a0, java.sql.Timestamp a1, java.util.Calendar a2) throws SQLException {
        target.setTimestamp(a0 + offset, a1, a2);
    }

    @Override
    public void setTimestamp(int a0, java.sql.Timestamp a1) throws SQLException {
        target.setTimestamp(a0 + offset, a1);
    }

    @Override
    public void setURL(int a0, java.net.URL a1) throws SQLException {
        target.setURL(a0 + offset, a1);
    }

    @Override
    public void setUnicodeStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
        target.setUnicodeStream(a0 + offset, a1, a2);
    }

    @Override
    public <T> T unwrap(java.lang.Class<T> a0) throws SQLException {
        return target.unwrap(a0);
    }
}
