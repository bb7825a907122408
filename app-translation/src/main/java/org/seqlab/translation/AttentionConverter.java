package org.seqlab.translation;

import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code bahdanau}, {@code luong-dot}, {@code luong-general} or {@code none}. */
final class AttentionConverter implements ITypeConverter<Attention> {
    @Override
    public Attention convert(String value) {
        for (Attention a : Attention.values()) {
            if (a.cliName().equals(value.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new TypeConversionException("expected one of " + Arrays.toString(Attention.values()) + ", got " + value);
    }
}
