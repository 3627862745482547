package org.jpasta.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** strtoul()/strtol() semantics: value, end index, overflow. */
class CNumberTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "80|10|80|2|false",
        "' 80'|10|80|3|false",
        "+80|10|80|3|false",
        "-1|10|-1|2|false",
        "0x50|0|80|4|false",
        "0x50|10|0|1|false",
        "0x|0|0|1|false",
        "0x|16|0|1|false",
        "0xg|16|0|1|false",
        "010|0|8|3|false",
        "019|0|1|2|false",
        "ff|16|255|2|false",
        "x|10|0|0|false",
        "''|10|0|0|false",
        "' '|10|0|0|false",
        "18446744073709551615|10|-1|20|false",
        "18446744073709551616|10|-1|20|true",
        "99999999999999999999999|10|-1|23|true",
        "12abc|10|12|2|false"})
    void strtoul(String text, int base, long value, int end, boolean overflow) {
        assertEquals(new CNumber(value, end, overflow), CNumber.strtoul(text, 0, base));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "9223372036854775807|0|9223372036854775807|19|false",
        "9223372036854775808|0|9223372036854775807|19|true",
        "-9223372036854775808|0|-9223372036854775808|20|false",
        "-9223372036854775809|0|-9223372036854775808|20|true",
        "-1|0|-1|2|false",
        "0x3e8|0|1000|5|false"})
    void strtol(String text, int base, long value, int end, boolean overflow) {
        assertEquals(new CNumber(value, end, overflow), CNumber.strtol(text, 0, base));
    }
}
