package org.clinickiosk.bp;

import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.bp.BpErrorCode;

import java.util.Arrays;
import java.util.Map;

/**
 * What a resident reads about a reading, in plain zh-CN and English: the category's name, what it means and what to
 * do, and why a measurement failed. Kept on the server because the printed slip says the same as the screen.
 */
public final class BpTexts {
    private BpTexts() {}

    public static final String ZH = "zh-CN";
    public static final String EN = "en";

    private record Text(String zh, String en) {
        JsonObject json() { return new JsonObject().put(ZH, zh).put(EN, en); }
        String in(String language) { return EN.equals(language) ? en : zh; }
    }

    private record CategoryText(Text label, Text explanation, Text advice) {}

    private static final Map<BpCategory, CategoryText> CATEGORIES = Map.of(
            BpCategory.NORMAL, new CategoryText(
                    new Text("正常血压", "Normal"),
                    new Text("这次测得的血压在正常范围内（低于120/80 mmHg）。",
                            "This reading is in the normal range (below 120/80 mmHg)."),
                    new Text("请继续保持健康的生活方式，每年至少测一次血压。",
                            "Keep up a healthy lifestyle and have your blood pressure measured at least once a year.")),
            BpCategory.NORMAL_HIGH, new CategoryText(
                    new Text("正常高值", "High-normal"),
                    new Text("这次测得的血压属于正常高值（120–139/80–89 mmHg）：还不是高血压，但以后得高血压的风险较高。",
                            "This reading is high-normal (120–139 / 80–89 mmHg): not high blood pressure yet, but the "
                                    + "risk of getting it later is higher."),
                    new Text("建议调整生活方式：少吃盐（每天不超过5克）、多吃蔬菜水果、控制体重、规律运动、戒烟限酒、"
                            + "保持心情舒畅；3到6个月后再测一次。",
                            "Adjust your lifestyle: less salt (at most 5 g a day), more vegetables and fruit, a healthy "
                                    + "weight, regular exercise, no smoking, little alcohol, less stress; measure again "
                                    + "in 3 to 6 months.")),
            BpCategory.GRADE_1, new CategoryText(
                    new Text("1级高血压（轻度）", "Grade 1 high blood pressure (mild)"),
                    new Text("这次测得的血压达到1级高血压的水平（140–159/90–99 mmHg）。",
                            "This reading is at the level of grade 1 high blood pressure (140–159 / 90–99 mmHg)."),
                    new Text("建议到全科门诊请医生复测和评估，可以在本机取号。",
                            "Please see a general practitioner, who will measure again and advise you; you can take a "
                                    + "ticket here.")),
            BpCategory.GRADE_2, new CategoryText(
                    new Text("2级高血压（中度）", "Grade 2 high blood pressure (moderate)"),
                    new Text("这次测得的血压达到2级高血压的水平（160–179/100–109 mmHg）。",
                            "This reading is at the level of grade 2 high blood pressure (160–179 / 100–109 mmHg)."),
                    new Text("请今天就到全科门诊请医生复测和评估，可以在本机取号。",
                            "Please see a general practitioner today, who will measure again and advise you; you can "
                                    + "take a ticket here.")),
            BpCategory.GRADE_3, new CategoryText(
                    new Text("3级高血压（重度），需要立即关注", "Grade 3 high blood pressure (severe): needs attention now"),
                    new Text("这次测得的血压很高（180/110 mmHg或以上）。",
                            "This reading is very high (180/110 mmHg or above)."),
                    new Text("请立即告诉工作人员或到护士站，护士已收到提醒。如有胸痛、剧烈头痛、气短、看东西模糊、"
                            + "手脚无力或说话困难，请马上呼叫医护人员或拨打120。",
                            "Tell a member of staff or go to the nurses' station now: the nurses have been alerted. If "
                                    + "you have chest pain, a severe headache, shortness of breath, blurred vision, "
                                    + "weakness or trouble speaking, call for help at once or dial 120.")));

    private static final Text ISOLATED_SYSTOLIC = new Text(
            "只有收缩压（高压）升高，舒张压（低压）正常：属于单纯收缩期高血压。",
            "Only the upper (systolic) value is raised: isolated systolic hypertension.");

    private static final Text NOT_A_DIAGNOSIS = new Text(
            "一次测量不能诊断高血压：以医生的测量和判断为准。",
            "One reading is not a diagnosis: a doctor's measurement decides.");

    private static final Text MEASURE_AGAIN = new Text(
            "请休息1到2分钟后再测一次，取两次的平均值。",
            "Rest for 1 to 2 minutes and measure again; the two readings are averaged.");

    private static final Text MEASURE_THIRD = new Text(
            "两次读数相差超过5 mmHg：请休息1到2分钟后再测第三次，取三次的平均值。",
            "The two readings differ by more than 5 mmHg: rest for 1 to 2 minutes and measure a third time; the "
                    + "three readings are averaged.");

    private static final Map<String, Text> ERRORS = Map.ofEntries(
            error(BpErrorCode.NO_PRESSURE_AT_START, "袖带没有充上气。请把手臂完全伸进袖带，再测一次。",
                    "The cuff did not fill with air. Put your arm fully into the cuff and measure again."),
            error(BpErrorCode.INFLATION_TIMEOUT, "袖带充气太慢。请检查手臂是否放好，再测一次；仍不行请找工作人员。",
                    "The cuff filled too slowly. Check your arm is in place and measure again; if it happens again, ask staff."),
            error(BpErrorCode.INFLATION_TOO_FAST, "袖带充气太快。请把手臂放好、放松，再测一次。",
                    "The cuff filled too fast. Place your arm properly, relax and measure again."),
            error(BpErrorCode.DEFLATION_TOO_SLOW, "袖带放气太慢。请再测一次。",
                    "The cuff let the air out too slowly. Please measure again."),
            error(BpErrorCode.DEFLATION_TOO_FAST, "袖带放气太快。请再测一次；仍不行请找工作人员。",
                    "The cuff let the air out too fast. Measure again; if it happens again, ask staff."),
            error(BpErrorCode.OVERPRESSURE, "袖带压力过高，测量已停止。请放松、保持不动，再测一次。",
                    "The cuff pressure got too high and the measurement stopped. Relax, keep still and measure again."),
            error(BpErrorCode.TIME_LIMIT, "测量时间太长，已经停止。请放松、保持不动，再测一次。",
                    "The measurement took too long and stopped. Relax, keep still and measure again."),
            error(BpErrorCode.INSUFFICIENT_PRESSURE, "袖带压力不够。请再测一次。",
                    "The cuff pressure was not high enough. Please measure again."),
            error(BpErrorCode.NO_PULSE, "没有测到脉搏。请把手臂平放在袖带里，手心向上，再测一次。",
                    "No pulse was found. Lay your arm flat in the cuff, palm up, and measure again."),
            error(BpErrorCode.PATIENT_MOVED, "测量时手臂动了。请坐好、放松、不要说话和移动，再测一次。",
                    "Your arm moved during the measurement. Sit still, relax, do not talk or move, and measure again."),
            error(BpErrorCode.DIASTOLIC_UNDETERMINED, "没有测出舒张压（低压）。请保持不动，再测一次。",
                    "The lower (diastolic) value could not be measured. Keep still and measure again."),
            error(BpErrorCode.MEAN_UNDETERMINED, "没有测出平均压。请保持不动，再测一次。",
                    "The mean pressure could not be measured. Keep still and measure again."),
            error(BpErrorCode.SYSTOLIC_UNDETERMINED, "没有测出收缩压（高压）。请保持不动，再测一次。",
                    "The upper (systolic) value could not be measured. Keep still and measure again."),
            error(BpErrorCode.PULSE_UNDETERMINED, "没有测出脉搏。请保持不动，再测一次。",
                    "The pulse could not be measured. Keep still and measure again."),
            error(BpErrorCode.DEVICE_OUT_OF_RANGE, "结果超出了血压计的测量范围。请再测一次，或请工作人员帮忙。",
                    "The result was outside the monitor's range. Measure again or ask staff for help."),
            error(BpErrorCode.DEVICE_ERROR, "血压计报告了一个错误。请再测一次，或请工作人员帮忙。",
                    "The monitor reported an error. Measure again or ask staff for help."),
            error(BpErrorCode.OUT_OF_RANGE, "结果不在合理范围内，没有保存。请再测一次，或请工作人员帮忙。",
                    "The result was not plausible and was not saved. Measure again or ask staff for help."),
            error(BpErrorCode.INCONSISTENT, "结果前后矛盾，没有保存。请再测一次。",
                    "The result did not add up and was not saved. Please measure again."),
            error(BpErrorCode.UNREADABLE_RECORD, "没能读取血压计的结果。请再测一次，或请工作人员帮忙。",
                    "The monitor's result could not be read. Measure again or ask staff for help."));

    private static final Text UNKNOWN_ERROR = new Text("测量没有成功。请再测一次，或请工作人员帮忙。",
            "The measurement did not succeed. Measure again or ask staff for help.");

    private static Map.Entry<String, Text> error(BpErrorCode code, String zh, String en) {
        return Map.entry(code.key(), new Text(zh, en));
    }

    /** Every error code the monitor drivers can report has a plain message (checked by a test). */
    static boolean coversEveryErrorCode() {
        return Arrays.stream(BpErrorCode.values()).allMatch(c -> ERRORS.containsKey(c.key()));
    }

    /** {label, explanation, advice, note} each as {zh-CN, en}, for one classification. */
    public static JsonObject describe(BpClassification c) {
        CategoryText t = CATEGORIES.get(c.category());
        JsonObject out = new JsonObject().put("label", t.label().json()).put("explanation", t.explanation().json())
                .put("advice", t.advice().json()).put("note", NOT_A_DIAGNOSIS.json());
        if (c.isolatedSystolic()) out.put("isolatedSystolic", ISOLATED_SYSTOLIC.json());
        return out;
    }

    public static String label(BpCategory category, String language) {
        return CATEGORIES.get(category).label().in(language);
    }

    public static String explanation(BpClassification c, String language) {
        String base = CATEGORIES.get(c.category()).explanation().in(language);
        return c.isolatedSystolic() ? base + (EN.equals(language) ? " " : "") + ISOLATED_SYSTOLIC.in(language) : base;
    }

    public static String advice(BpCategory category, String language) {
        return CATEGORIES.get(category).advice().in(language);
    }

    public static String notADiagnosis(String language) {
        return NOT_A_DIAGNOSIS.in(language);
    }

    /** The next step of the guided series: a second reading, a third when two differ by more than 5 mmHg. */
    public static JsonObject nextReading(boolean third) {
        return (third ? MEASURE_THIRD : MEASURE_AGAIN).json();
    }

    /** {zh-CN, en} plain words for a measurement error code, with what to do. */
    public static JsonObject error(String code) {
        return ERRORS.getOrDefault(code, UNKNOWN_ERROR).json();
    }
}
